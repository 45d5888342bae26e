// Fill a PDF form as Firefox does: values go into pdf.js's annotation
// storage (as its form layer sets them), then saveDocument() writes V/AS
// and the appearance streams.
// Usage: node fill_pdfjs.mjs IN.pdf VALUES.json OUT.pdf
// VALUES maps a field name to a string (text), true/false (checkbox) or
// an export value (radio group).
import fs from "node:fs";
import { openPdf } from "./pdfjs.mjs";

const [input, valuesFile, output] = process.argv.slice(2);
const values = JSON.parse(fs.readFileSync(valuesFile, "utf8"));
const doc = await openPdf(input);

const found = new Set();
for (let p = 1; p <= doc.numPages; p++) {
  const page = await doc.getPage(p);
  for (const a of await page.getAnnotations({ intent: "display" })) {
    if (a.annotationType !== 20 || !(a.fieldName in values)) continue;
    const want = values[a.fieldName];
    found.add(a.fieldName);
    let value;
    if (a.checkBox) value = want === true;
    else if (a.radioButton) value = String(want) === String(a.buttonValue);
    else value = String(want);
    doc.annotationStorage.setValue(a.id, { value });
  }
}
const missing = Object.keys(values).filter((k) => !found.has(k));
if (missing.length) { console.error(`fields not found: ${missing.join(", ")}`); process.exit(3); }
fs.writeFileSync(output, await doc.saveDocument());
await doc.destroy();
