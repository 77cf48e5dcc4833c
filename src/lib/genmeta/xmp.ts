/** The one XMP property read: Iptc4xmpExt:DigitalSourceType, as an attribute, element text or rdf:resource. */
import { iptcTerm } from '../iptc-terms.js';

const PATTERNS = [
  /Iptc4xmpExt:DigitalSourceType\s*=\s*["']([^"']{1,500})["']/,
  /<Iptc4xmpExt:DigitalSourceType\b[^>]{0,500}?rdf:resource\s*=\s*["']([^"']{1,500})["']/,
  /<Iptc4xmpExt:DigitalSourceType>\s*([^<]{1,500}?)\s*</,
];

export function digitalSourceTypeFromXmp(xmp: string): string | undefined {
  for (const p of PATTERNS) {
    const m = p.exec(xmp);
    if (m?.[1]) return iptcTerm(m[1]);
  }
  return undefined;
}
