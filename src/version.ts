/** The package version, written into every run.json (checked against package.json by a test). */
export const VERSION = "0.1.0";
