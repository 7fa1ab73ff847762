/**
 * Word files as a reader sees them: LibreOffice lays out .docx and prints PDF, poppler reads the PDF's
 * text (one string per page) and draws pages as PNG. Used by the tests that check generated documents.
 *
 * The Windows fonts the documents name cannot be installed here; ../shared/support/fonts.conf maps them to
 * Noto CJK, and the workspace adds the two official faces that map does not name.
 */
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sharedFile } from "./shared-file";

export const run = promisify(execFile);

export const SHARED_FONTS_CONF = sharedFile("support/fonts.conf", "fonts.conf");

/** Where pages of generated documents are saved as PNG for people to look at. */
export const PAGE_IMAGES = path.resolve(__dirname, "../../test-results/docx-pages");

/** Text without any whitespace: LibreOffice breaks lines where it likes, pdftotext adds spaces. */
export const squash = (s: string) => s.replace(/\s+/g, "");

export interface PdfWorkspace {
  dir: string;
  /** Writes each `name.docx`, converts them all in one LibreOffice run; returns each PDF's pages' text. */
  convert(files: Record<string, Uint8Array>): Promise<Record<string, string[]>>;
  pdfPath(name: string): string;
  /** Draws every page of `name.pdf` to `<PAGE_IMAGES>/<prefix>-<n>.png`; returns the paths in page order. */
  savePages(name: string, prefix: string, dpi?: number): Promise<string[]>;
  cleanup(): void;
}

/** The shared font map plus 楷体_GB2312 and 方正小标宋简体, so neither falls back to DejaVu. */
function writeFontsConf(dir: string): string {
  if (!fs.existsSync(SHARED_FONTS_CONF)) throw new Error(`缺少字体映射文件：${SHARED_FONTS_CONF}`);
  const file = path.join(dir, "fonts.conf");
  fs.writeFileSync(
    file,
    `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="no">${SHARED_FONTS_CONF}</include>
<alias binding="same"><family>楷体_GB2312</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
<alias binding="same"><family>方正小标宋简体</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
</fontconfig>`,
  );
  return file;
}

/** A temporary directory with its own fonts.conf and LibreOffice profile (parallel test files never share one). */
export function createPdfWorkspace(label: string): PdfWorkspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
  const profile = path.join(os.tmpdir(), `lo-${crypto.randomBytes(6).toString("hex")}`);
  const fontsConf = writeFontsConf(dir);
  const pdfPath = (name: string) => path.join(dir, `${name}.pdf`);

  return {
    dir,
    pdfPath,
    async convert(files) {
      const names = Object.keys(files);
      for (const name of names) fs.writeFileSync(path.join(dir, `${name}.docx`), files[name]);
      await run(
        "soffice",
        [
          `-env:UserInstallation=file://${profile}`,
          "--headless",
          "--convert-to",
          "pdf",
          "--outdir",
          dir,
          ...names.map((name) => path.join(dir, `${name}.docx`)),
        ],
        { env: { ...process.env, FONTCONFIG_FILE: fontsConf }, timeout: 150_000 },
      );
      const pages: Record<string, string[]> = {};
      for (const name of names) {
        const { stdout } = await run("pdftotext", ["-enc", "UTF-8", pdfPath(name), "-"]);
        pages[name] = stdout.split("\f").slice(0, -1); // pdftotext ends every page with a form feed
      }
      return pages;
    },
    async savePages(name, prefix, dpi = 60) {
      fs.mkdirSync(PAGE_IMAGES, { recursive: true });
      for (const old of fs.readdirSync(PAGE_IMAGES)) {
        if (old.startsWith(`${prefix}-`) && old.endsWith(".png")) fs.rmSync(path.join(PAGE_IMAGES, old));
      }
      await run("pdftoppm", ["-r", String(dpi), "-png", pdfPath(name), path.join(PAGE_IMAGES, prefix)]);
      return fs
        .readdirSync(PAGE_IMAGES)
        .filter((file) => file.startsWith(`${prefix}-`) && file.endsWith(".png"))
        .sort((a, b) => Number(/-(\d+)\.png$/.exec(a)![1]) - Number(/-(\d+)\.png$/.exec(b)![1]))
        .map((file) => path.join(PAGE_IMAGES, file));
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
