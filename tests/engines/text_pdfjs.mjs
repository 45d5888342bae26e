// Print the text pdf.js draws on each page, form widgets included, as it
// prints them (appearance streams): the Unicode of every glyph it shows.
// Usage: node text_pdfjs.mjs IN.pdf      -> JSON: one string per page
import { openPdf, pdfjs } from "./pdfjs.mjs";

const doc = await openPdf(process.argv[2]);
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
