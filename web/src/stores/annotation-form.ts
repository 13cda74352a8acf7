// The annotation form's pieces that need no state: what the list filters on, what the form edits, a
// refused change (412) and the fields that changed.
import type { Annotation, AnnotationContent, AnnotationGeometry } from '../api/advocacy.ts';

export interface Filter { campaign: string; category: string[]; status: string[]; severity: string[] }
export type FormMode = { kind: 'new'; geometry: AnnotationGeometry } | { kind: 'edit'; id: string };

/** A change the server refused with 412: mine, the server's current annotation, and how to apply mine again. */
export interface Conflict {
  mine: Partial<AnnotationContent> & { geometry?: AnnotationGeometry; status?: string; reviewStatus?: string };
  server: Annotation;
  retry: (version: number) => Promise<Annotation>;
}

const CONTENT_KEYS = ['title', 'description', 'lang', 'category', 'severity', 'affectedPeople', 'affectedHouseholds', 'evidence', 'linkedFeatures'] as const;

/** The fields of the form that differ from the annotation as loaded. */
export function diffContent(a: Annotation, c: AnnotationContent): Partial<AnnotationContent> {
  const out: Record<string, unknown> = {};
  for (const k of CONTENT_KEYS) if (JSON.stringify(a.properties[k]) !== JSON.stringify(c[k])) out[k] = c[k];
  return out as Partial<AnnotationContent>;
}
