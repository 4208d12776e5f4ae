// Template tests assert resources, permissions and settings, not the bundles' bytes: skipping esbuild for every
// function keeps each synth to seconds (the bench measures the real bundles, and `npx cdk synth` builds them).
export const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };
