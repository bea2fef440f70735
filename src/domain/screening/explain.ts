/**
 * The reasoning of an evaluation as sentences, in Italian or English, for the screen and for the
 * record. Structured data stays in the evaluation itself; this only words it.
 */
import { dimensionLabels, screeningDimensions, strengthLabels } from './dimensions.ts';
import type { ScreeningEvaluation } from './evaluate.ts';
import { indicativeResultLabels } from './evaluate.ts';
import type { ScreeningList } from './indicator-lists.ts';

export function explainScreening({
  evaluation,
  list,
  locale,
}: {
  evaluation: ScreeningEvaluation;
  list: ScreeningList;
  locale: 'it' | 'en';
}): string[] {
  const it = locale === 'it';
  const lines: string[] = [];
  const text = (id: string) => list.indicators.find((i) => i.id === id)?.text[locale] ?? id;
  for (const dimension of screeningDimensions) {
    const d = evaluation.dimensions[dimension];
    const name = dimensionLabels[dimension][locale];
    if (d.noIndicators) continue;
    const counted = d.counted.map((c) => `${text(c.indicatorId)} (${strengthLabels[c.strength][locale]})`);
    if (d.positive) {
      const fired = d.combinations.filter((c) => c.met).map((c) => c.label[locale]).join('; ');
      lines.push(
        it
          ? `${name}: positivo per la combinazione ${fired}. Indicatori presenti: ${counted.join('; ')}.`
          : `${name}: positive by the combination ${fired}. Indicators present: ${counted.join('; ')}.`,
      );
    } else {
      const found = `${d.yes.strong}/${d.yes.medium}/${d.yes.weak}`;
      lines.push(
        it
          ? `${name}: non positivo (forti/medi/deboli presenti: ${found}); nessuna combinazione raggiunta` +
              (d.couldBecomePositive ? ', ma le risposte non note potrebbero cambiarlo.' : '.')
          : `${name}: not positive (strong/medium/weak present: ${found}); no combination reached` +
              (d.couldBecomePositive ? ', but unknown answers could change this.' : '.'),
      );
    }
  }
  for (const r of evaluation.requirements) {
    lines.push(
      it
        ? `Requisito "${r.label.it}": ${r.met ? 'soddisfatto' : 'non soddisfatto'}.`
        : `Requirement "${r.label.en}": ${r.met ? 'met' : 'not met'}.`,
    );
  }
  lines.push(`${indicativeResultLabels[evaluation.result][locale]}. ${evaluation.notice[locale]}`);
  return lines;
}
