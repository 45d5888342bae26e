// Render one page as Firefox prints it: pdf.js draws the page and its form
// widgets from their appearance streams (AnnotationMode.ENABLE_STORAGE).
// Usage: node render_pdfjs.mjs IN.pdf OUT.png DPI PAGE(0-based)
import fs from "node:fs";
import { openPdf, pdfjs, require } from "./pdfjs.mjs";
const { createCanvas } = require("@napi-rs/canvas");

const [input, output, dpi, pageIndex] = process.argv.slice(2);
const doc = await openPdf(input);
const page = await doc.getPage(Number(pageIndex) + 1);
const viewport = page.getViewport({ scale: Number(dpi) / 72 });
const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
const ctx = canvas.getContext("2d");
ctx.fillStyle = "white";
ctx.fillRect(0, 0, canvas.width, canvas.height);
await page.render({ canvasContext: ctx, canvas, viewport, intent: "print",
                    annotationMode: pdfjs.AnnotationMode.ENABLE_STORAGE }).promise;
fs.writeFileSync(output, canvas.toBuffer("image/png"));
await doc.destroy();
