// Reads the concepts of a CodeSystem from the VN Core IG sources (hl7vn/vn-core-ig). The files are small and
// regular (<concept><code/><display/><definition/></concept>), so a pattern match is enough.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface IgConcept {
  code: string;
  display: string;
  definition?: string;
}

export interface IgCodeSystem {
  url: string;
  concepts: IgConcept[];
}

const XML_ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&amp;': '&' };

function attribute(xml: string, element: string): string | undefined {
  const raw = new RegExp(`<${element} value="([^"]*)"`).exec(xml)?.[1];
  return raw?.replace(/&(lt|gt|quot|apos|amp);/g, (entity) => XML_ENTITIES[entity]);
}

export function readIgCodeSystem(referenceDir: string, fileName: string): IgCodeSystem {
  const xml = readFileSync(join(referenceDir, 'vn-core-ig', 'input', 'resources', fileName), 'utf8');
  const url = attribute(xml, 'url');
  if (!url) throw new Error(`${fileName}: no CodeSystem.url`);
  const concepts = [...xml.matchAll(/<concept>([\s\S]*?)<\/concept>/g)].map(([, body]) => {
    const code = attribute(body, 'code');
    const display = attribute(body, 'display');
    if (!code || !display) throw new Error(`${fileName}: concept without code or display`);
    const definition = attribute(body, 'definition');
    return definition ? { code, display, definition } : { code, display };
  });
  return { url, concepts };
}
