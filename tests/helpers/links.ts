/** OGC links as the API gives them, and their paths (the tests' server runs on a random port). */
export type Link = { rel: string; href: string; type?: string };

/** The path (and query) of a link, without scheme and host. */
export const local = (href: string): string => href.replace(/^https?:\/\/[^/]+/, '');
