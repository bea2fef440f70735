/** Shapes of the API answers the web app uses (see docs/api.md). */
import type { Locale } from './i18n/index.tsx';

export interface Me {
  user: { id: string; email: string; displayName: string; locale: Locale; totpEnabled: boolean };
  organisation: { id: string; code: string; name: string } | null;
  role: { key: string; nameIt: string; nameEn: string } | null;
  permissions: string[];
  memberships: Array<{ organisationId: string; organisationCode: string; organisationName: string; roleKey: string }>;
  mfa: { required: boolean; verified: boolean };
  csrfToken: string;
}

export type MfaState = 'not_needed' | 'required' | 'setup_required';

export interface LoginAnswer {
  csrfToken: string;
  mfa: MfaState;
  me: Me;
}

export interface MfaSetupAnswer {
  secret: string;
  otpauthUrl: string;
  qrSvg?: string;
}

export interface Organisation {
  id: string;
  code: string;
  name: string;
  type: string;
  registerSection: string | null;
  provinces: string[];
  services: string[];
  email: string | null;
  phone: string | null;
  address: string | null;
  website: string | null;
  isActive: boolean;
}

export interface ProjectPartner {
  organisationId: string;
  organisationName?: string;
  provinces: string[];
}

export interface BudgetLine {
  code: string;
  label: string;
  amount: string;
}

export interface ComplementaryProject {
  name: string;
  funder: string | null;
  notes: string | null;
}

export interface Project {
  id: string;
  code: string;
  name: string;
  edition: string | null;
  periodStart: string;
  periodEnd: string;
  funder: string;
  budgetTotal: string;
  leadOrganisation: { id: string; code: string; name: string };
  description: string | null;
  budgetLinesTotal?: string;
  partners: ProjectPartner[];
  budgetLines: BudgetLine[];
  complementary: ComplementaryProject[];
}

export interface Membership {
  organisationId: string;
  roleKey: string;
  organisationName?: string;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
  isActive: boolean;
  totpEnabled?: boolean;
  memberships: Membership[];
}

export interface Role {
  id: string;
  key: string;
  nameIt: string;
  nameEn: string;
  description: string | null;
  builtin: boolean;
  permissions: string[];
  /** How many memberships use the role. */
  holders?: number;
}

export interface PermissionInfo {
  key: string;
  personalData: boolean;
}

export interface Province {
  code: string;
  abbreviation: string;
  name: string;
  regionCode: string;
  regionName: string;
}

export interface OrganisationType {
  key: string;
  nameIt: string;
  nameEn: string;
}

export interface AuditItem {
  id: string;
  at: string;
  actorUserId: string | null;
  actorEmail: string | null;
  actorOrgId: string | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  fields: string[] | null;
  outcome: string;
  ip: string | null;
  requestId: string | null;
  details: unknown;
}

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface Paged<T> {
  items: T[];
}
