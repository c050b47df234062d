export * from './format.ts';
export * from './html.ts';
export * from './i18n.ts';
export * from './layout.ts';
export * from './page.ts';
export * from './views/charts.ts';
export * from './views/fund.ts';
export * from './views/pledge.ts';
