/** The TypeScript cache folder of the checkout at `root` (relative: `node_modules/.cache/candor-ts/<hash>`). */
export declare const tsCacheDir: (root: string) => string;
