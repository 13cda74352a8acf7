// Svelte compiler options for vite-plugin-svelte and svelte-check. Svelte 5 understands TypeScript
// in <script lang="ts"> without a preprocessor.
export default {
  compilerOptions: { runes: true },
};
