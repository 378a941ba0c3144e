import type { DomainName } from '../../../schema/model.js';
import { projectConstruction } from './construction.js';
import { projectHousing } from './housing.js';
import type { Projection } from './projection.js';
import { projectReference } from './reference.js';
import { projectSorting } from './sorting.js';

export const PROJECTIONS: Record<DomainName, Projection> = {
  construction: projectConstruction,
  sorting: projectSorting,
  housing: projectHousing,
  reference: projectReference,
};
