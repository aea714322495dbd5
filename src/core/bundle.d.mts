/** Where bundles and their manifests are kept (under the project's node_modules). */
export declare const BUNDLE_CACHE: string;
/** A fresh bundle of `entry` (a .ts file's URL), built if need be; null when none can be had. */
export declare function bundled(entry: URL): Promise<URL | null>;
/** A fresh bundle of a worker's `entry`, or `shim` (which registers the TypeScript loader) when none can be had. */
export declare function workerUrl(entry: URL, shim: URL): Promise<URL>;
