/**
 * 填报 #/report: the department's entry grid (every street or project at
 * once) under what is still missing and what was reported lately, its spreadsheet import (its code loads on demand, only here), and the single-report form below, all for the department's own
 * domain (the server allows no other).
 */
import type { View } from '../../app-context.js';
import { h } from '../../dom.js';
import { todayCst } from '../../format.js';
import { t } from '../../i18n.js';
import { HOUSING_PROJECTS, PROJECTS, STREETS } from '../../queries.js';
import type { HousingProject, Project, Street } from '../../types.js';
import { housingForm, projectForm, sortingForm } from './forms.js';
import { entryGrid } from './grid/entry-grid.js';
import { type GridSpec, housingGrid, projectGrid, sortingGrid } from './grid/grid-specs.js';
import { missingPanel } from './missing-panel.js';
import { type FormSpec, reportForm } from './report-form.js';

type ReportDept = 'sorting' | 'construction' | 'housing';
const GRIDS: Record<ReportDept, GridSpec> = { sorting: sortingGrid, construction: projectGrid, housing: housingGrid };

export const reportView: View = (root, ctx) => {
  const dept = ctx.me.role === 'DEPARTMENT' ? ctx.me.dept : null;
  const status = h('p', { class: 'muted' }, t('report.loading'));
  root.append(h('div', { class: 'report-page' }, status));
  const stops: (() => void)[] = [];
  let stopped = false;

  async function load(): Promise<FormSpec[]> {
    const year = Number(todayCst().slice(0, 4));
    const specs: FormSpec[] = [];
    if (dept === 'sorting') {
      const { streets } = await ctx.gql.request<{ streets: Street[] }>(STREETS);
      specs.push(sortingForm(streets.sort((a, b) => a.code.localeCompare(b.code))));
    } else if (dept === 'construction') {
      const { projects } = await ctx.gql.request<{ projects: Project[] }>(PROJECTS, { year });
      specs.push(projectForm(projects));
    } else if (dept === 'housing') {
      const { housingProjects } = await ctx.gql.request<{ housingProjects: HousingProject[] }>(HOUSING_PROJECTS);
      specs.push(housingForm(housingProjects));
    }
    return specs;
  }

  load()
    .then((specs) => {
      if (stopped) return;
      if (specs.length === 0) {
        status.replaceChildren(t('report.noDept'));
        return;
      }
      status.remove();
      const page = root.querySelector('.report-page')!;
      const grid = entryGrid(GRIDS[dept as ReportDept], ctx.gql);
      const missing = missingPanel(ctx.gql, dept as ReportDept, GRIDS[dept as ReportDept]);
      stops.push(grid.stop, missing.stop);
      page.append(missing.el, grid.el);
      const slot = h('div', { class: 'import-slot' });
      page.append(slot);
      // Papaparse and the xlsx reader come with this chunk: the screen never loads them.
      void import('./import/import-panel.js').then(({ importPanel }) => {
        if (!stopped) slot.replaceChildren(importPanel(ctx.gql, dept as ReportDept));
      });
      for (const spec of specs) {
        const f = reportForm(spec, ctx.gql);
        stops.push(f.stop);
        page.append(f.el);
      }
      page.append(h('p', { class: 'hint' }, t('report.idempotencyNote')));
    })
    .catch((err: Error) => {
      if (!stopped) status.replaceChildren(h('span', { class: 'error', role: 'alert' }, err.message));
    });

  return () => {
    stopped = true;
    for (const s of stops) s();
  };
};
