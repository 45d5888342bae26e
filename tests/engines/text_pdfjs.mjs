// Print the text pdf.js draws on each page, form widgets included, as it
// prints them (appearance streams): the Unicode of every glyph it shows.
// Usage: node text_pdfjs.mjs IN.pdf      -> JSON: one string per page
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "package.json"));
const root = path.dirname(require.resolve("pdfjs-dist/package.json"));
const pdfjs = await import(path.join(root, "legacy/build/pdf.mjs"));

const doc = await pdfjs.getDocument({
  data: new Uint8Array(fs.readFileSync(process.argv[2])),
  standardFontDataUrl: path.join(root, "standard_fonts") + "/",
  useSystemFonts: false,
  verbosity: 0,
}).promise;
const pages = [];
for (let p = 1; p <= doc.numPages; p++) {
  const page = await doc.getPage(p);
  const ops = await page.getOperatorList({ intent: "print",
                                           annotationMode: pdfjs.AnnotationMode.ENABLE_STORAGE });
  let text = "";
  ops.fnArray.forEach((fn, i) => {
    if (fn !== pdfjs.OPS.showText) return;
    for (const g of ops.argsArray[i][0]) {
      if (g && typeof g === "object") text += g.unicode ?? "";
      else if (typeof g === "number" && g < -200) text += " ";
    }
    text += "\n";
  });
  pages.push(text);
}
process.stdout.write(JSON.stringify(pages));
await doc.destroy();
