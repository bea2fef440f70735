/**
 * A Vite plugin that writes dist/web/sw.js: the service worker text (service-worker.js) preceded
 * by the list of files of this build to keep (every emitted file but source maps, and the files
 * of the public folder) and a version hashed from their contents, so a new build replaces the
 * cached shell.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';

const skipPublic = /(^|\/)(README|.*LICENSE)[^/]*$/i;

function publicFiles(dir: string): Array<{ url: string; path: string }> {
  const out: Array<{ url: string; path: string }> = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const url = '/' + relative(dir, p).split(sep).join('/');
        if (!skipPublic.test(url)) out.push({ url, path: p });
      }
    }
  };
  try {
    walk(dir);
  } catch {
    // no public folder
  }
  return out;
}

export function serviceWorkerPlugin(options: { publicDir: string; template: string }): Plugin {
  return {
    name: 'ponte-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_output, bundle) {
      const hash = createHash('sha256');
      const urls: string[] = [];
      for (const item of Object.values(bundle).sort((a, b) => a.fileName.localeCompare(b.fileName))) {
        if (item.fileName.endsWith('.map') || item.fileName === 'sw.js') continue;
        urls.push('/' + item.fileName);
        hash.update(item.fileName);
        hash.update(item.type === 'chunk' ? item.code : item.source);
      }
      for (const f of publicFiles(options.publicDir)) {
        urls.push(f.url);
        hash.update(f.url);
        hash.update(readFileSync(f.path));
      }
      // The page itself (emitted by Vite's HTML step, which may come after this hook): its
      // content follows from the hashed file names above, so the version covers it.
      if (!urls.includes('/index.html')) urls.push('/index.html');
      const template = readFileSync(options.template, 'utf8');
      hash.update(template);
      const version = hash.digest('hex').slice(0, 16);
      const source = `const PRECACHE = ${JSON.stringify(urls.sort())};\nconst VERSION = ${JSON.stringify(version)};\n${template}`;
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
