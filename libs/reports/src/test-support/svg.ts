/** Minimal SVG checks for tests: well-formed tag nesting, legend labels, and marks per class. */

/** Throws unless every tag closes in order (enough to catch truncated or mangled output). */
export function assertWellFormed(svg: string): void {
  if (!svg.startsWith('<svg') || !svg.trimEnd().endsWith('</svg>')) throw new Error('not an <svg> document');
  const stack: string[] = [];
  for (const m of svg.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) throw new Error(`</${name}> closes the wrong element`);
  }
  if (stack.length) throw new Error(`unclosed <${stack.at(-1)}>`);
}

/** Texts of the legend labels (one per series). */
export function legendLabels(svg: string): string[] {
  const group = svg.match(/<g class="mark-text role-legend-label"[\s\S]*?<\/g><\/g>|<g class="mark-text role-legend-label"[\s\S]*?<\/g>/g) ?? [];
  return group.flatMap((g) => [...g.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]));
}

/** How many <g> groups carry this mark class (vega draws one line group per series). */
export function markGroups(svg: string, markClass: string): number {
  return (svg.match(new RegExp(`<g class="${markClass}[ "]`, 'g')) ?? []).length;
}
