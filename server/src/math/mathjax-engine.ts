import { liteAdaptor, type LiteAdaptor } from 'mathjax-full/js/adaptors/liteAdaptor.js';
import type { MathDocument } from 'mathjax-full/js/core/MathDocument.js';
import { RegisterHTMLHandler } from 'mathjax-full/js/handlers/html.js';
import { TeX } from 'mathjax-full/js/input/tex.js';
import { mathjax } from 'mathjax-full/js/mathjax.js';
import { SVG } from 'mathjax-full/js/output/svg.js';
// Only the TeX packages the renderer needs (not AllPackages): a smaller bundle and a faster start.
import 'mathjax-full/js/input/tex/base/BaseConfiguration.js';
import 'mathjax-full/js/input/tex/ams/AmsConfiguration.js';
import 'mathjax-full/js/input/tex/boldsymbol/BoldsymbolConfiguration.js';
import 'mathjax-full/js/input/tex/textmacros/TextMacrosConfiguration.js';

// MathJax (TeX input, SVG output, no DOM) behind one function. Created on first use: loading costs a
// few milliseconds, and most processes (the CLI checking files) never render math.

const PACKAGES = ['base', 'ams', 'boldsymbol', 'textmacros'];

interface Engine {
  readonly adaptor: LiteAdaptor;
  readonly doc: MathDocument<unknown, unknown, unknown>;
}

let engine: Engine | undefined;

function getEngine(): Engine {
  if (engine) return engine;
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  const tex = new TeX({
    packages: PACKAGES,
    // By default MathJax turns a TeX error into a red error node inside the picture; here an error is an
    // exception, so callers can fall back to text instead of showing a broken formula.
    formatError: (_jax: unknown, err: unknown) => {
      throw err;
    },
  });
  // fontCache 'local': each SVG defines each glyph once and reuses it (<use>), so it stands alone in an <img>.
  const svg = new SVG({ fontCache: 'local' });
  const doc = mathjax.document('', { InputJax: tex, OutputJax: svg }) as MathDocument<unknown, unknown, unknown>;
  engine = { adaptor, doc };
  return engine;
}

export class TexError extends Error {
  override readonly name = 'TexError';
}

/** Renders TeX to a standalone `<svg>` string. Throws TexError when MathJax rejects the TeX. */
export function texToSvg(tex: string, display: boolean): string {
  const { adaptor, doc } = getEngine();
  let node: unknown;
  try {
    node = doc.convert(tex, { display, em: 16, ex: 8, containerWidth: 80 * 16 });
  } catch (e) {
    const message = e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e);
    throw new TexError(message);
  }
  // convert() returns the <mjx-container> wrapper; the picture is its only child.
  return adaptor.innerHTML(node as Parameters<LiteAdaptor['innerHTML']>[0]);
}

/** MathJax's error message for `tex`, or undefined when it renders. */
export function texError(tex: string): string | undefined {
  try {
    texToSvg(tex, true);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
