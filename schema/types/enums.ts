/** Enums. GraphQL names are upper case; internal values are the lower-case names used in the log. */
import { builder } from '../builder.js';
import { DOMAINS, HOUSING_KINDS, HOUSING_STATUSES, PROJECT_CATEGORIES, PROJECT_STATUSES, ROLES } from '../model.js';

function values<T extends string>(list: readonly T[], descriptions: Partial<Record<T, string>> = {}) {
  return Object.fromEntries(list.map((v) => [v.toUpperCase(), { value: v, description: descriptions[v] }])) as Record<
    Uppercase<T>,
    { value: T; description?: string }
  >;
}

export const DomainEnum = builder.enumType('Domain', {
  description:
    'A log of the hub. The three operational domains, plus REFERENCE for district-wide reference data (streets).',
  values: values(DOMAINS, {
    construction: '重点项目 key construction projects (发改委)',
    sorting: '生活垃圾分类 household garbage sorting (城管局)',
    housing: '保交楼/安置房 housing delivery (住建局)',
    reference: '参考数据 reference data: streets',
  }),
});

export const RoleEnum = builder.enumType('Role', { values: values(ROLES) });

export const ProjectCategoryEnum = builder.enumType('ProjectCategory', {
  values: values(PROJECT_CATEGORIES, {
    industrial: '产业项目',
    infrastructure: '基础设施',
    public_service: '公共服务',
    urban_renewal: '城市更新',
  }),
});

export const ProjectStatusEnum = builder.enumType('ProjectStatus', {
  values: values(PROJECT_STATUSES, { planned: '计划', started: '开工', completed: '竣工', in_production: '投产' }),
});

export const HousingStatusEnum = builder.enumType('HousingStatus', {
  values: values(HOUSING_STATUSES, {
    stalled: '停工',
    resumed: '复工',
    topped_out: '封顶',
    delivering: '交付中',
    delivered: '已交付',
  }),
});

export const HousingKindEnum = builder.enumType('HousingKind', {
  values: values(HOUSING_KINDS, { commercial: '保交楼商品房', resettlement: '安置房' }),
});

export const TrafficLightEnum = builder.enumType('TrafficLight', {
  description:
    'A light derives from the figure beside it: against 序时进度, GREEN on or ahead (or within 10 points), YELLOW 10–30 points behind, RED more than 30 behind; against a floor target, GREEN at or above it, YELLOW within the tolerance, RED below. A domain takes the worst of its tiles (DomainDashboard.lightReason).',
  values: values(['green', 'yellow', 'red', 'none'] as const, {
    none: 'Nothing to judge: no data reported yet, or a figure without a target. Screens show it grey (无数据), never green.',
  }),
});

export const AlertSeverityEnum = builder.enumType('AlertSeverity', {
  values: values(['warning', 'critical'] as const),
});
