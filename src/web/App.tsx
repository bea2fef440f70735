/** Routes and access guards: anonymous → login, two-factor pending → verify/set-up, no permission → not found. */
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import type { Permission } from '../domain/permissions.ts';
import { availabilityReaders, can, forumReaders, inclusionBoardReaders, mfaPending, procedureReaders } from './access.ts';
import { Layout } from './components/Layout.tsx';
import { Loading, NotFound } from './components/Page.tsx';
import { useSession } from './session.tsx';
import { LoginPage } from './pages/Login.tsx';
import { MfaSetupPage, MfaVerifyPage } from './pages/Mfa.tsx';
import { HomePage } from './pages/Home.tsx';

const OrganisationListPage = lazy(() => import('./pages/admin/Organisations.tsx').then((m) => ({ default: m.OrganisationListPage })));
const OrganisationEditPage = lazy(() => import('./pages/admin/Organisations.tsx').then((m) => ({ default: m.OrganisationEditPage })));
const ProjectListPage = lazy(() => import('./pages/admin/ProjectList.tsx').then((m) => ({ default: m.ProjectListPage })));
const ProjectEditPage = lazy(() => import('./pages/admin/Projects.tsx').then((m) => ({ default: m.ProjectEditPage })));
const UserListPage = lazy(() => import('./pages/admin/Users.tsx').then((m) => ({ default: m.UserListPage })));
const UserEditPage = lazy(() => import('./pages/admin/Users.tsx').then((m) => ({ default: m.UserEditPage })));
const RoleListPage = lazy(() => import('./pages/admin/Roles.tsx').then((m) => ({ default: m.RoleListPage })));
const RoleEditPage = lazy(() => import('./pages/admin/Roles.tsx').then((m) => ({ default: m.RoleEditPage })));
const AuditSearchPage = lazy(() => import('./pages/admin/Audit.tsx').then((m) => ({ default: m.AuditSearchPage })));
const AuditRecordPage = lazy(() => import('./pages/admin/Audit.tsx').then((m) => ({ default: m.AuditRecordPage })));
const PersonSearchPage = lazy(() => import('./pages/persons/Persons.tsx').then((m) => ({ default: m.PersonSearchPage })));
const PersonNewPage = lazy(() => import('./pages/persons/Persons.tsx').then((m) => ({ default: m.PersonNewPage })));
const PersonEditPage = lazy(() => import('./pages/persons/Persons.tsx').then((m) => ({ default: m.PersonEditPage })));
const PersonViewPage = lazy(() => import('./pages/persons/Persons.tsx').then((m) => ({ default: m.PersonViewPage })));
const CaseListPage = lazy(() => import('./pages/cases/Cases.tsx').then((m) => ({ default: m.CaseListPage })));
const CaseViewPage = lazy(() => import('./pages/cases/Cases.tsx').then((m) => ({ default: m.CaseViewPage })));
const ApprovalsPage = lazy(() => import('./pages/cases/Cases.tsx').then((m) => ({ default: m.ApprovalsPage })));
const HotlineCallsPage = lazy(() => import('./pages/hotline/Hotline.tsx').then((m) => ({ default: m.HotlineCallsPage })));
const HotlineCallFormPage = lazy(() => import('./pages/hotline/Hotline.tsx').then((m) => ({ default: m.HotlineCallFormPage })));
const HotlineCallPage = lazy(() => import('./pages/hotline/Hotline.tsx').then((m) => ({ default: m.HotlineCallPage })));
const HotlineRosterPage = lazy(() => import('./pages/hotline/Roster.tsx').then((m) => ({ default: m.HotlineRosterPage })));
const PublicPageListPage = lazy(() => import('./pages/public/PublicPages.tsx').then((m) => ({ default: m.PublicPageListPage })));
const PublicFeedbackPage = lazy(() => import('./pages/public/Feedback.tsx').then((m) => ({ default: m.PublicFeedbackPage })));
const PublicPageEditPage = lazy(() => import('./pages/public/PublicPages.tsx').then((m) => ({ default: m.PublicPageEditPage })));
const EventListPage = lazy(() => import('./pages/events/Events.tsx').then((m) => ({ default: m.EventListPage })));
const EventEditPage = lazy(() => import('./pages/events/Events.tsx').then((m) => ({ default: m.EventEditPage })));
const EventRegistrationsPage = lazy(() => import('./pages/events/Registrations.tsx').then((m) => ({ default: m.EventRegistrationsPage })));
const ProcedureListPage = lazy(() => import('./pages/procedures/Procedures.tsx').then((m) => ({ default: m.ProcedureListPage })));
const ProcedureViewPage = lazy(() => import('./pages/procedures/Procedures.tsx').then((m) => ({ default: m.ProcedureViewPage })));
const ProcedureEditPage = lazy(() => import('./pages/procedures/Procedures.tsx').then((m) => ({ default: m.ProcedureEditPage })));
const MonitoringPage = lazy(() => import('./pages/monitoring/Monitoring.tsx').then((m) => ({ default: m.MonitoringPage })));
const ReportsPage = lazy(() => import('./pages/reports/Reports.tsx').then((m) => ({ default: m.ReportsPage })));
const SlaPage = lazy(() => import('./pages/procedures/Sla.tsx').then((m) => ({ default: m.SlaPage })));
const FacilityListPage = lazy(() => import('./pages/accommodation/Accommodation.tsx').then((m) => ({ default: m.FacilityListPage })));
const FacilityPage = lazy(() => import('./pages/accommodation/Accommodation.tsx').then((m) => ({ default: m.FacilityPage })));
const WaitlistPage = lazy(() => import('./pages/accommodation/Accommodation.tsx').then((m) => ({ default: m.WaitlistPage })));
const AvailabilityPage = lazy(() => import('./pages/accommodation/Accommodation.tsx').then((m) => ({ default: m.AvailabilityPage })));
const CourseListPage = lazy(() => import('./pages/inclusion/Courses.tsx').then((m) => ({ default: m.CourseListPage })));
const CoursePage = lazy(() => import('./pages/inclusion/Courses.tsx').then((m) => ({ default: m.CoursePage })));
const InclusionBoardPage = lazy(() => import('./pages/inclusion/Board.tsx').then((m) => ({ default: m.InclusionBoardPage })));
const ReferralBoxesPage = lazy(() => import('./pages/referrals/Referrals.tsx').then((m) => ({ default: m.ReferralBoxesPage })));
const ReferralPage = lazy(() => import('./pages/referrals/Referrals.tsx').then((m) => ({ default: m.ReferralPage })));
const ReferFromCasePage = lazy(() => import('./pages/referrals/Refer.tsx').then((m) => ({ default: m.ReferFromCasePage })));
const TransferRequestPage = lazy(() => import('./pages/network/Transfers.tsx').then((m) => ({ default: m.TransferRequestPage })));
const TransfersPage = lazy(() => import('./pages/network/Transfers.tsx').then((m) => ({ default: m.TransfersPage })));
const FormerRecordsPage = lazy(() => import('./pages/network/Transfers.tsx').then((m) => ({ default: m.FormerRecordsPage })));
const AgencyReferralPage = lazy(() => import('./pages/referrals/Refer.tsx').then((m) => ({ default: m.AgencyReferralPage })));
const SpendingPage = lazy(() => import('./pages/expenses/Spending.tsx').then((m) => ({ default: m.SpendingPage })));
const FieldApp = lazy(() => import('./pages/field/FieldApp.tsx').then((m) => ({ default: m.FieldApp })));
const ForumListPage = lazy(() => import('./pages/forum/Forum.tsx').then((m) => ({ default: m.ForumListPage })));
const ForumAskPage = lazy(() => import('./pages/forum/Forum.tsx').then((m) => ({ default: m.ForumAskPage })));
const ForumThreadPage = lazy(() => import('./pages/forum/Forum.tsx').then((m) => ({ default: m.ForumThreadPage })));
const OutreachOutingsPage = lazy(() => import('./pages/outreach/Outreach.tsx').then((m) => ({ default: m.OutreachOutingsPage })));
const OutreachOutingFormPage = lazy(() => import('./pages/outreach/Outreach.tsx').then((m) => ({ default: m.OutreachOutingFormPage })));
const OutreachOutingPage = lazy(() => import('./pages/outreach/Outreach.tsx').then((m) => ({ default: m.OutreachOutingPage })));
const OutreachZonesPage = lazy(() => import('./pages/outreach/Outreach.tsx').then((m) => ({ default: m.OutreachZonesPage })));
const ContactsByZonePage = lazy(() => import('./pages/outreach/Outreach.tsx').then((m) => ({ default: m.ContactsByZonePage })));
const DesksPage = lazy(() => import('./pages/outreach/Desks.tsx').then((m) => ({ default: m.DesksPage })));
const DeskFormPage = lazy(() => import('./pages/outreach/Desks.tsx').then((m) => ({ default: m.DeskFormPage })));
const DeskPage = lazy(() => import('./pages/outreach/Desks.tsx').then((m) => ({ default: m.DeskPage })));
const ProfilePage = lazy(() => import('./pages/Profile.tsx').then((m) => ({ default: m.ProfilePage })));
const InboxPage = lazy(() => import('./pages/inbox/Inbox.tsx').then((m) => ({ default: m.InboxPage })));
const CoordinationsPage = lazy(() => import('./pages/hotline/Coordinations.tsx').then((m) => ({ default: m.CoordinationsPage })));

/** Pages for a fully signed-in user; `permission` hides the page (as not found) from other roles. */
function Private(props: { children: ReactNode; permission?: Permission; anyOf?: readonly Permission[] }) {
  const { status, me } = useSession();
  const location = useLocation();
  if (status === 'loading') return <Loading />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (mfaPending(me)) {
    return <Navigate to={me.user.totpEnabled ? '/login/verify' : '/login/setup'} replace state={{ from: location.pathname }} />;
  }
  if (props.permission && !can(me, props.permission)) return <NotFound />;
  if (props.anyOf && !props.anyOf.some((p) => can(me, p))) return <NotFound />;
  return <Suspense fallback={<Loading />}>{props.children}</Suspense>;
}

/** The login steps: only for someone not (fully) signed in. */
function LoginStep(props: { step: 'login' | 'verify' | 'setup'; children: ReactNode }) {
  const { status, me } = useSession();
  if (status === 'loading') return <Loading />;
  if (props.step === 'login') {
    if (me && !mfaPending(me)) return <Navigate to="/" replace />;
    return props.children;
  }
  if (!me) return <Navigate to="/login" replace />;
  if (!mfaPending(me)) return <Navigate to="/" replace />;
  if (props.step === 'verify' && !me.user.totpEnabled) return <Navigate to="/login/setup" replace />;
  return props.children;
}

export function App() {
  return (
    <Layout>
      <Routes>
        <Route path="/login" element={<LoginStep step="login"><LoginPage /></LoginStep>} />
        <Route path="/login/verify" element={<LoginStep step="verify"><MfaVerifyPage /></LoginStep>} />
        <Route path="/login/setup" element={<LoginStep step="setup"><MfaSetupPage /></LoginStep>} />
        <Route path="/" element={<Private><HomePage /></Private>} />
        <Route path="/organisations" element={<Private permission="network.read"><OrganisationListPage /></Private>} />
        <Route path="/organisations/new" element={<Private permission="network.manage"><OrganisationEditPage /></Private>} />
        <Route path="/organisations/:id" element={<Private permission="network.read"><OrganisationEditPage /></Private>} />
        <Route path="/projects" element={<Private permission="network.read"><ProjectListPage /></Private>} />
        <Route path="/projects/new" element={<Private permission="network.manage"><ProjectEditPage /></Private>} />
        <Route path="/projects/:id" element={<Private permission="network.read"><ProjectEditPage /></Private>} />
        <Route path="/spending" element={<Private permission="budget.read"><SpendingPage /></Private>} />
        <Route path="/users" element={<Private permission="users.manage"><UserListPage /></Private>} />
        <Route path="/users/new" element={<Private permission="users.manage"><UserEditPage /></Private>} />
        <Route path="/users/:id" element={<Private permission="users.manage"><UserEditPage /></Private>} />
        <Route path="/roles" element={<Private permission="roles.manage"><RoleListPage /></Private>} />
        <Route path="/roles/new" element={<Private permission="roles.manage"><RoleEditPage /></Private>} />
        <Route path="/roles/:id" element={<Private permission="roles.manage"><RoleEditPage /></Private>} />
        <Route path="/audit" element={<Private permission="audit.read"><AuditSearchPage /></Private>} />
        <Route path="/audit/records/:recordType/:recordId" element={<Private permission="audit.read"><AuditRecordPage /></Private>} />
        <Route path="/persons" element={<Private permission="persons.read"><PersonSearchPage /></Private>} />
        <Route path="/persons/new" element={<Private permission="persons.write"><PersonNewPage /></Private>} />
        <Route path="/persons/:id/edit" element={<Private permission="persons.write"><PersonEditPage /></Private>} />
        <Route path="/persons/:id" element={<Private permission="persons.read"><PersonViewPage /></Private>} />
        <Route path="/cases" element={<Private permission="cases.read"><CaseListPage /></Private>} />
        <Route path="/cases/:id" element={<Private permission="cases.read"><CaseViewPage /></Private>} />
        <Route path="/cases/:id/refer" element={<Private permission="referrals.send"><ReferFromCasePage /></Private>} />
        <Route path="/cases/:id/transfer" element={<Private permission="cases.write"><TransferRequestPage /></Private>} />
        <Route path="/transfers" element={<Private anyOf={['cases.write', 'cases.approve']}><TransfersPage /></Private>} />
        <Route path="/transfers/:id/records" element={<Private permission="cases.read"><FormerRecordsPage /></Private>} />
        <Route path="/referrals" element={<Private anyOf={['referrals.send', 'referrals.receive']}><ReferralBoxesPage /></Private>} />
        <Route path="/referrals/new" element={<Private permission="referrals.send"><AgencyReferralPage /></Private>} />
        <Route path="/referrals/:id" element={<Private anyOf={['referrals.send', 'referrals.receive']}><ReferralPage /></Private>} />
        <Route path="/case-approvals" element={<Private permission="cases.approve"><ApprovalsPage /></Private>} />
        <Route path="/hotline" element={<Private permission="hotline.write"><HotlineCallsPage /></Private>} />
        <Route path="/hotline/new" element={<Private permission="hotline.write"><HotlineCallFormPage /></Private>} />
        <Route path="/hotline/calls/:id" element={<Private permission="hotline.write"><HotlineCallPage /></Private>} />
        <Route path="/hotline/roster" element={<Private permission="hotline.write"><HotlineRosterPage /></Private>} />
        <Route path="/inbox" element={<Private><InboxPage /></Private>} />
        <Route path="/transfer-coordinations" element={<Private anyOf={['hotline.write', 'cases.write', 'cases.approve']}><CoordinationsPage /></Private>} />
        <Route path="/public-pages" element={<Private permission="public.edit"><PublicPageListPage /></Private>} />
        <Route path="/public-pages/feedback" element={<Private permission="public.edit"><PublicFeedbackPage /></Private>} />
        <Route path="/public-pages/:id" element={<Private permission="public.edit"><PublicPageEditPage /></Private>} />
        <Route path="/procedures" element={<Private permission="procedures.manage"><ProcedureListPage /></Private>} />
        <Route path="/procedures/new" element={<Private permission="procedures.manage"><ProcedureEditPage /></Private>} />
        <Route path="/procedures/:key" element={<Private permission="procedures.manage"><ProcedureViewPage /></Private>} />
        <Route path="/procedures/:key/edit" element={<Private permission="procedures.manage"><ProcedureEditPage /></Private>} />
        <Route path="/monitoring" element={<Private permission="stats.aggregate"><MonitoringPage /></Private>} />
        <Route path="/reports" element={<Private permission="reports.generate"><ReportsPage /></Private>} />
        <Route path="/sla" element={<Private anyOf={procedureReaders}><SlaPage /></Private>} />
        <Route path="/accommodation" element={<Private anyOf={['accommodation.manage', 'accommodation.address']}><FacilityListPage /></Private>} />
        <Route path="/accommodation/facilities/:id" element={<Private anyOf={['accommodation.manage', 'accommodation.address']}><FacilityPage /></Private>} />
        <Route path="/accommodation/waitlist" element={<Private permission="accommodation.manage"><WaitlistPage /></Private>} />
        <Route path="/accommodation/availability" element={<Private anyOf={availabilityReaders}><AvailabilityPage /></Private>} />
        {/* The field app opens with no network: it has its own login (store key) and checks the role itself. */}
        <Route path="/field/*" element={<Suspense fallback={<Loading />}><FieldApp /></Suspense>} />
        <Route path="/forum" element={<Private anyOf={forumReaders}><ForumListPage /></Private>} />
        <Route path="/forum/new" element={<Private permission="forum.post"><ForumAskPage /></Private>} />
        <Route path="/forum/:id" element={<Private anyOf={forumReaders}><ForumThreadPage /></Private>} />
        <Route path="/courses" element={<Private permission="cases.read"><CourseListPage /></Private>} />
        <Route path="/courses/:id" element={<Private permission="cases.read"><CoursePage /></Private>} />
        <Route path="/inclusion" element={<Private anyOf={inclusionBoardReaders}><InclusionBoardPage /></Private>} />
        <Route path="/events" element={<Private permission="events.manage"><EventListPage /></Private>} />
        <Route path="/events/new" element={<Private permission="events.manage"><EventEditPage /></Private>} />
        <Route path="/events/:id" element={<Private permission="events.manage"><EventEditPage /></Private>} />
        <Route path="/events/:id/registrations" element={<Private permission="events.manage"><EventRegistrationsPage /></Private>} />
        <Route path="/outreach" element={<Private permission="outreach.write"><OutreachOutingsPage /></Private>} />
        <Route path="/outreach/outings/new" element={<Private permission="outreach.write"><OutreachOutingFormPage /></Private>} />
        <Route path="/outreach/outings/:id" element={<Private permission="outreach.write"><OutreachOutingPage /></Private>} />
        <Route path="/outreach/outings/:id/edit" element={<Private permission="outreach.write"><OutreachOutingFormPage /></Private>} />
        <Route path="/outreach/zones" element={<Private permission="outreach.write"><OutreachZonesPage /></Private>} />
        <Route path="/outreach/contacts-by-zone" element={<Private anyOf={['outreach.write', 'stats.aggregate']}><ContactsByZonePage /></Private>} />
        <Route path="/outreach/desks" element={<Private permission="outreach.write"><DesksPage /></Private>} />
        <Route path="/outreach/desks/new" element={<Private permission="outreach.write"><DeskFormPage /></Private>} />
        <Route path="/outreach/desks/:id" element={<Private permission="outreach.write"><DeskPage /></Private>} />
        <Route path="/outreach/desks/:id/edit" element={<Private permission="outreach.write"><DeskFormPage /></Private>} />
        <Route path="/profile" element={<Private><ProfilePage /></Private>} />
        <Route path="*" element={<Private><NotFound /></Private>} />
      </Routes>
    </Layout>
  );
}
