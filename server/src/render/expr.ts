// A small evaluator for the MapLibre expressions the layer registry's styles use (style.ts), so the
// print renderer draws with the same colours, widths, filters and dashes as the web map without a
// browser. Supported: get, literal, geometry-type, zoom, ==, !=, <, <=, >, >=, all, any, !, case,
// match, coalesce, interpolate (linear), step, +, -, *, /, to-number. Anything else throws (a test
// walks every style layer of the registry so an unsupported operator is found before it ships).
export interface EvalContext { zoom: number; properties: Record<string, unknown>; geometryType: 'Point' | 'LineString' | 'Polygon' }

type Expr = unknown;

export function evaluate(e: Expr, ctx: EvalContext): unknown {
  if (!Array.isArray(e)) return e;
  if (typeof e[0] !== 'string') return e; // a plain array value (dash pattern, offset)
  const [op, ...args] = e as [string, ...unknown[]];
  const ev = (x: unknown) => evaluate(x, ctx);
  switch (op) {
    case 'literal': return args[0];
    case 'get': return ctx.properties[String(ev(args[0]))] ?? null;
    case 'geometry-type': return ctx.geometryType;
    case 'zoom': return ctx.zoom;
    case '==': return ev(args[0]) === ev(args[1]);
    case '!=': return ev(args[0]) !== ev(args[1]);
    case '<': return (ev(args[0]) as number) < (ev(args[1]) as number);
    case '<=': return (ev(args[0]) as number) <= (ev(args[1]) as number);
    case '>': return (ev(args[0]) as number) > (ev(args[1]) as number);
    case '>=': return (ev(args[0]) as number) >= (ev(args[1]) as number);
    case 'all': return args.every((a) => ev(a) === true);
    case 'any': return args.some((a) => ev(a) === true);
    case '!': return ev(args[0]) !== true;
    case 'case': {
      for (let i = 0; i + 1 < args.length; i += 2) if (ev(args[i]) === true) return ev(args[i + 1]);
      return ev(args[args.length - 1]);
    }
    case 'match': {
      const v = ev(args[0]);
      for (let i = 1; i + 1 < args.length; i += 2) {
        const labels = args[i];
        if (Array.isArray(labels) ? labels.includes(v) : labels === v) return ev(args[i + 1]);
      }
      return ev(args[args.length - 1]);
    }
    case 'coalesce': {
      for (const a of args) { const v = ev(a); if (v !== null && v !== undefined) return v; }
      return null;
    }
    case 'to-number': { const v = Number(ev(args[0])); return Number.isFinite(v) ? v : 0; }
    case '+': return args.reduce<number>((s, a) => s + Number(ev(a)), 0);
    case '*': return args.reduce<number>((s, a) => s * Number(ev(a)), 1);
    case '-': return args.length === 1 ? -Number(ev(args[0])) : Number(ev(args[0])) - Number(ev(args[1]));
    case '/': return Number(ev(args[0])) / Number(ev(args[1]));
    case 'interpolate': {
      const kind = args[0] as unknown[];
      if (!Array.isArray(kind) || kind[0] !== 'linear') throw new Error(`interpolate ${JSON.stringify(kind)} is not supported`);
      const x = Number(ev(args[1]));
      const stops: [number, unknown][] = [];
      for (let i = 2; i + 1 < args.length; i += 2) stops.push([Number(args[i]), args[i + 1]]);
      if (x <= stops[0]![0]) return Number(ev(stops[0]![1]));
      for (let i = 1; i < stops.length; i++) {
        const [x1, v1] = stops[i]!;
        if (x <= x1) {
          const [x0, v0] = stops[i - 1]!;
          const a = Number(ev(v0)), b = Number(ev(v1));
          return a + ((b - a) * (x - x0)) / (x1 - x0);
        }
      }
      return Number(ev(stops[stops.length - 1]![1]));
    }
    case 'step': {
      const x = Number(ev(args[0]));
      let out = ev(args[1]);
      for (let i = 2; i + 1 < args.length; i += 2) if (x >= Number(args[i])) out = ev(args[i + 1]);
      return out;
    }
    default: throw new Error(`expression operator '${op}' is not supported by the print renderer`);
  }
}
