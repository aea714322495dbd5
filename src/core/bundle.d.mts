/** Where bundles and their manifests are kept (under the project's node_modules). */
export declare const BUNDLE_CACHE: string;
/** False when `HUSTINGS_BUNDLE=0`: everything runs on the TypeScript sources. */
export declare function bundlesWanted(): boolean;
/** A fresh bundle of `entry` (a .ts file's URL), built if need be; null when none can be had. */
export declare function bundled(entry: URL): Promise<URL | null>;
/** A fresh bundle of a worker's `entry`, or `shim` (which registers the TypeScript loader) when none can be had. */
export declare function workerUrl(entry: URL, shim: URL): Promise<URL>;
