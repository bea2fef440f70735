/**
 * Server-rendered HTML of the public site: template literals in which every value passes through
 * escapeHtml (or is Markdown rendered by the safe subset renderer). One small inline style sheet
 * and one tiny inline script (the quick exit), both allowed by their hashes in the page's
 * Content-Security-Policy; nothing is loaded from anywhere else.
 */
import { createHash } from 'node:crypto';
import { escapeHtml, renderMarkdown, safeHref } from '../../../domain/public/markdown.ts';
import { hotline, languageInfo, publicLanguages, type PublicLanguage } from '../../../domain/public/languages.ts';
import { findProvince } from '../../../domain/provinces.ts';
import { chrome, fill, type ChromeTexts } from './chrome.ts';
import { feedbackTexts } from './feedback-texts.ts';
import type { ProjectFacts, PublicContact } from './queries.ts';

const e = escapeHtml;

/** Logical properties throughout, so that the Arabic pages mirror by themselves. */
const style = `
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Sans CJK SC",sans-serif;font-size:100%;line-height:1.55;color:#1a1a1a;background:#fff}
body{margin:0}
a{color:#0b4f9c}
a:focus-visible,button:focus-visible{outline:3px solid #ff9900;outline-offset:2px}
.skip{position:absolute;inset-inline-start:-100vw}
.skip:focus{inset-inline-start:1rem;top:1rem;background:#fff;padding:.5rem;z-index:3}
header{background:#0b3d6b;color:#fff;padding:.75rem 1rem}
header a{color:#fff}
.bar{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;justify-content:space-between;max-width:60rem;margin:0 auto}
.site{font-weight:700;font-size:1.15rem;text-decoration:none}
.exit{display:inline-block;background:#b00020;color:#fff;font-weight:700;padding:.6rem 1rem;border-radius:.3rem;text-decoration:none;border:2px solid #fff}
.exit:hover{background:#8c0019}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.menu,.langs{max-width:60rem;margin:.5rem auto 0}
.langs{font-size:.95rem}
[aria-current]{font-weight:700;text-decoration-thickness:3px}
.hotline{background:#e8f3e8;border-block-end:1px solid #9ac59a;padding:.75rem 1rem}
.hotline p{max-width:60rem;margin:0 auto}
.tel{font-size:1.3rem;font-weight:700;color:#0d5c0d;white-space:nowrap}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.8rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.35rem;margin:1.5rem 0 .5rem}
h3{font-size:1.15rem}
.notice{background:#fff4ce;border:1px solid #c9a400;padding:.5rem .75rem;border-radius:.3rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:700}
dd{margin:0}
.updated{color:#444;font-size:.95rem;margin-top:2rem}
footer{border-block-start:1px solid #ccc;padding:1rem;color:#333;font-size:.95rem}
footer p{max-width:60rem;margin:.25rem auto}
.feedback-link{margin-top:1rem}
form.feedback fieldset{border:1px solid #767676;border-radius:.3rem;padding:.5rem 1rem;margin:0 0 1rem}
form.feedback legend{font-weight:700;padding:0 .25rem}
.choice{display:inline-flex;align-items:center;gap:.4rem;min-height:2.75rem;margin-inline-end:1.5rem}
.choice input{width:1.25rem;height:1.25rem}
form.feedback label[for=comment]{font-weight:700}
.hint{color:#444;font-size:.95rem}
textarea{width:100%;max-width:40rem;font:inherit;padding:.5rem;border:1px solid #555;border-radius:.3rem}
button{font:inherit;font-weight:700;background:#0b4f9c;color:#fff;border:0;border-radius:.3rem;padding:.6rem 1.2rem;min-height:2.75rem;cursor:pointer}
.hp{display:none}
.errors{border:2px solid #b00020;border-radius:.3rem;padding:.5rem 1rem;margin-bottom:1rem}
.errors a{color:#8c0019}
@media (max-width:30rem){dl{grid-template-columns:1fr}h1{font-size:1.5rem}}
`.trim();

/** Leaves for the link's address replacing this history entry, on a click or on Esc pressed twice within 1.5 s. */
const script =
  "(function(){var a=document.getElementById('quick-exit');if(!a)return;var u=a.getAttribute('href');" +
  "function go(ev){if(ev)ev.preventDefault();document.documentElement.style.visibility='hidden';window.location.replace(u);}" +
  "a.addEventListener('click',go);var last=0;document.addEventListener('keydown',function(ev){" +
  "if(ev.key==='Escape'||ev.key==='Esc'){var now=Date.now();if(now-last<1500){go(ev);}else{last=now;}}});})();";

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The Content-Security-Policy of every public page: nothing but this page's own style and script. */
export const publicCsp = [
  "default-src 'none'",
  `script-src ${sha256(script)}`,
  `style-src ${sha256(style)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface Shell {
  lang: PublicLanguage;
  /** Page address after /p/<lang>, for the language switcher (e.g. "/", "/help"). */
  path: string;
  current: 'home' | 'help' | 'events' | 'contacts' | null;
  title: string;
  exitUrl: string;
  /** Main content, already safe HTML. */
  main: string;
}

export function pageHtml(shell: Shell): string {
  const t = chrome[shell.lang];
  const { dir } = languageInfo[shell.lang];
  const base = `/p/${shell.lang}`;
  const nav = ([['home', '/'], ['help', '/help'], ['events', '/events'], ['contacts', '/contacts']] as const)
    .map(([key, path]) => `<li><a href="${base}${path}"${shell.current === key ? ' aria-current="page"' : ''}>${e(t[key])}</a></li>`)
    .join('');
  const langs = publicLanguages
    .map((l) => {
      const info = languageInfo[l];
      const here = l === shell.lang ? ' aria-current="true"' : '';
      return `<li><a href="/p/${l}${e(shell.path)}" lang="${l}" hreflang="${l}" dir="${info.dir}"${here}>${e(info.name)}</a></li>`;
    })
    .join('');
  return `<!doctype html>
<html lang="${shell.lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noarchive">
<meta name="description" content="${e(`${t.siteName}. ${t.hotlineTitle} ${hotline.display}: ${t.hotlineText}`)}">
<title>${e(shell.title)} — ${e(t.siteName)}</title>
<link rel="icon" href="data:,">
<style>${style}</style>
</head>
<body>
<a class="skip" href="#main">${e(t.skip)}</a>
<header>
<div class="bar"><a class="site" href="${base}/">${e(t.siteName)}</a><a id="quick-exit" class="exit" href="${e(shell.exitUrl)}" rel="noreferrer noopener">${e(t.quickExit)}</a></div>
<nav class="menu" aria-label="${e(t.nav)}"><ul>${nav}</ul></nav>
<nav class="langs" aria-label="${e(t.languages)}"><ul>${langs}</ul></nav>
</header>
<aside class="hotline" aria-label="${e(t.hotlineTitle)}"><p><strong>${e(t.hotlineTitle)}</strong> <a class="tel" href="tel:${hotline.tel}" aria-label="${e(fill(t.hotlineCall, { number: hotline.display }))}" dir="ltr">${hotline.display}</a> ${e(t.hotlineText)}</p></aside>
<main id="main" tabindex="-1">
${shell.main}
</main>
<footer>${shell.path.startsWith('/feedback') ? '' : `<p class="feedback-link"><a href="${base}/feedback?page=${encodeURIComponent(shell.path)}">${e(feedbackTexts[shell.lang].link)}</a></p>`}<p>${e(t.quickExitHint)}</p><p>${e(t.footer)}</p></footer>
<script>${script}</script>
</body>
</html>
`;
}

function formatDate(lang: PublicLanguage, value: Date | string): string {
  const d = typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value;
  return new Intl.DateTimeFormat(languageInfo[lang].intl, { dateStyle: 'long', timeZone: 'Europe/Rome' }).format(d);
}

function formatEuro(lang: PublicLanguage, amount: string): string {
  const n = Number(amount);
  if (!Number.isFinite(n)) return e(amount);
  return new Intl.NumberFormat(languageInfo[lang].intl, { style: 'currency', currency: 'EUR' }).format(n);
}

/** The page's text: notice when shown in Italian, title, body, and (for content pages) the last update. */
export function contentHtml(options: {
  lang: PublicLanguage;
  text: { lang: PublicLanguage; fallback: boolean; title: string; bodyMd: string; updatedAt: Date };
  after?: string;
}): string {
  const { lang, text } = options;
  const t = chrome[lang];
  const textAttrs = text.lang === lang ? '' : ` lang="${text.lang}" dir="${languageInfo[text.lang].dir}"`;
  const [before = '', after = ''] = t.lastUpdated.split('{date}');
  const notice = text.fallback ? `<p class="notice" role="note">${e(t.fallback)}</p>\n` : '';
  return `${notice}<h1${textAttrs}>${e(text.title)}</h1>
<div class="content"${textAttrs}>
${renderMarkdown(text.bodyMd)}
</div>
${options.after ?? ''}
<p class="updated">${e(before)}<time datetime="${text.updatedAt.toISOString()}">${e(formatDate(lang, text.updatedAt))}</time>${e(after)}</p>`;
}

function provinceName(code: string): string {
  return findProvince(code)?.name ?? code;
}

/** The plan's facts from the network's records: lead body, funding, period, budget, partners by province, complementary projects. */
export function factsHtml(lang: PublicLanguage, facts: ProjectFacts): string {
  const t = chrome[lang];
  // Place and body names are proper names: shown as recorded, marked as Italian.
  const rows = [
    facts.edition ? [t.edition, `<bdi lang="it">${e(facts.edition)}</bdi>`] : null,
    [t.leadBody, `<bdi lang="it">${e(facts.leadName)}</bdi>`],
    [t.funding, `<bdi lang="it">${e(facts.funder)}</bdi>`],
    [t.period, `${e(formatDate(lang, facts.periodStart))} – ${e(formatDate(lang, facts.periodEnd))}`],
    [t.budget, `<span dir="ltr">${e(formatEuro(lang, facts.budgetTotal))}</span>`],
  ].filter((r): r is string[] => r !== null);
  const byProvince = new Map<string, string[]>();
  const everywhere: string[] = [];
  for (const p of facts.partners) {
    if (p.provinces.length === 0) everywhere.push(p.name);
    for (const code of p.provinces) byProvince.set(code, [...(byProvince.get(code) ?? []), p.name]);
  }
  const provinceItems = [...byProvince.entries()]
    .sort(([a], [b]) => provinceName(a).localeCompare(provinceName(b), 'it'))
    .map(([code, names]) => `<li><strong><bdi lang="it">${e(provinceName(code))}</bdi></strong>: <bdi lang="it">${names.map(e).join(', ')}</bdi></li>`);
  for (const name of everywhere) provinceItems.push(`<li><bdi lang="it">${e(name)}</bdi></li>`);
  const partners = provinceItems.length > 0 ? `<h2>${e(t.partnersByProvince)}</h2>\n<ul>${provinceItems.join('')}</ul>` : '';
  const complementary =
    facts.complementary.length > 0
      ? `<h2>${e(t.complementary)}</h2>\n<ul>${facts.complementary.map((c) => `<li><bdi lang="it">${e(c.name)}${c.funder ? ` (${e(c.funder)})` : ''}</bdi></li>`).join('')}</ul>`
      : '';
  return `<section aria-labelledby="facts-title">
<h2 id="facts-title">${e(t.planFacts)}</h2>
<dl>${rows.map(([k, v]) => `<dt>${e(k ?? '')}</dt><dd>${v ?? ''}</dd>`).join('')}</dl>
${partners}
${complementary}
</section>`;
}

export function projectListHtml(lang: PublicLanguage, projects: ReadonlyArray<{ code: string; title: string }>): string {
  if (projects.length === 0) return '';
  const t = chrome[lang];
  return `<h2>${e(t.projectsHeading)}</h2>\n<ul>${projects.map((p) => `<li><a href="/p/${lang}/projects/${e(p.code)}"><bdi>${e(p.title)}</bdi></a></li>`).join('')}</ul>`;
}

export function contactsHtml(lang: PublicLanguage, contacts: readonly PublicContact[]): string {
  const t = chrome[lang];
  const items = contacts.map((c) => {
    const rows: string[] = [];
    if (c.provinces.length > 0) rows.push(`<dt>${e(t.provinces)}</dt><dd><bdi lang="it">${c.provinces.map((p) => e(provinceName(p))).join(', ')}</bdi></dd>`);
    const mail = c.email ? safeHref(`mailto:${c.email}`) : null;
    if (mail && c.email) rows.push(`<dt>${e(t.email)}</dt><dd><a href="${e(mail)}" dir="ltr">${e(c.email)}</a></dd>`);
    if (c.phone) {
      const tel = safeHref(`tel:${c.phone.replace(/[^0-9+]/g, '')}`);
      rows.push(`<dt>${e(t.phone)}</dt><dd dir="ltr">${tel ? `<a href="${e(tel)}">${e(c.phone)}</a>` : e(c.phone)}</dd>`);
    }
    const web = c.website ? safeHref(c.website) : null;
    if (web && /^https?:/i.test(web)) rows.push(`<dt>${e(t.website)}</dt><dd><a href="${e(web)}" rel="noopener noreferrer" dir="ltr">${e(c.website ?? '')}</a></dd>`);
    if (c.address) rows.push(`<dt>${e(t.address)}</dt><dd><bdi lang="it">${e(c.address)}</bdi></dd>`);
    return `<h2><bdi lang="it">${e(c.name)}</bdi></h2>\n${rows.length > 0 ? `<dl>${rows.join('')}</dl>` : ''}`;
  });
  return `<h1>${e(t.contactsTitle)}</h1>\n<p>${e(t.contactsIntro)}</p>\n${items.join('\n')}`;
}

export function notFoundHtml(lang: PublicLanguage): string {
  const t = chrome[lang];
  return `<h1>${e(t.notFoundTitle)}</h1>\n<p>${e(t.notFoundText)}</p>\n<p><a href="/p/${lang}/">${e(t.backHome)}</a></p>`;
}

export function chromeFor(lang: PublicLanguage): ChromeTexts {
  return chrome[lang];
}
