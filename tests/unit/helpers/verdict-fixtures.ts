/** License terms and models for verdict tests: commercial use needs a license unless a test says otherwise. */
import type { LicenseTerms, Model } from '../../../src/lib/types.js';

export const terms = (over: Partial<LicenseTerms> = {}): LicenseTerms => ({
  personalUse: true,
  commercialUse: 'license-required',
  attributionRequired: false,
  derivativesAllowed: false,
  ...over,
});

export const model = (over: Partial<Model> = {}): Pick<Model, 'license' | 'licensees'> => ({ license: terms(), licensees: [], ...over });
