import { ExtensionRequests } from '../components/issuer-actions';
import { useTitle } from '../router';

/** 待审批: every 延期申请 the signed-in unit decides, across its directives, approved or rejected right here. */
export function ApprovalsPage() {
  useTitle('待审批');
  return (
    <div className="approvals">
      <ExtensionRequests withDocuments headingLevel={1} emptyText="没有待审批的延期申请。" />
    </div>
  );
}
