/** The part of madge's API that scripts/check-cycles.ts uses (madge ships no types). */
declare module 'madge' {
  interface MadgeResult {
    /** Every file (relative to the root) and the files it imports. */
    obj(): Record<string, string[]>;
    /** Each import cycle between files, as the files in order. */
    circular(): string[][];
  }
  export default function madge(path: string, config?: { fileExtensions?: string[] }): Promise<MadgeResult>;
}
