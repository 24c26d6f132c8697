// Who a report goes to: "以电子版形式报省老龄办（省民政厅老龄工作处）" → "省老龄办".

const CJK = '\\u4e00-\\u9fa5';
/** Verbs that send a report somewhere; "报" must not start 报名/报告/报到/报道/报表. */
const SEND_VERB =
  '(?:(?:报送|上报|呈报|报(?![名告到道表])|提交|发送|送交|送达|送|反馈|寄送|寄|交)(?:至|到|给)?|(?:汇总|传|转)(?:至|到|给))';
const SEND = new RegExp(`${SEND_VERB}[ \\t]{0,2}(?<run>[${CJK}]{2,30})`, 'g');

/** Endings of an organisation name, longest first so "委员会" wins over "会". */
const ORG_SUFFIX =
  '办公室|委员会|领导小组|政府|党委|党组|中心|协会|联合会|办|局|厅|处|科|室|部|委|组|院|所|站|股|队|会|司';
const FIRST_ORG = new RegExp(`^[${CJK}]{1,20}?(?:${ORG_SUFFIX})`);
/** The rest of the run continues the name when it is a department: "市民政局" + "养老服务科". */
const DEPARTMENT_TAIL = new RegExp(`^[${CJK}]{0,10}(?:${ORG_SUFFIX})$`);
/** A verb closing the run ("报市局备案") is not part of the name. */
const TRAILING_VERB = /(?:备案|审核|审查|审定|审批|汇总|存档|留存|统计|研究)$/;
/** Words that show the run is a thing sent, not a receiver. */
const NOT_ORG =
  /的|材料|情况|总结|报告|方案|数据|表格|清单|名单|信息|邮箱|电子版|纸质|盖章|扫描|附件|文件|并|或|报|送|后|前|将|由|再|给/;

/** The receiver named after a sending verb in `text`, or null. */
export function findReportTarget(text: string): string | null {
  SEND.lastIndex = 0;
  for (let match = SEND.exec(text); match; match = SEND.exec(text)) {
    const run = match.groups!.run;
    const org = FIRST_ORG.exec(run)?.[0];
    SEND.lastIndex = match.index + 1;
    if (!org || NOT_ORG.test(org)) continue;
    const tail = run.slice(org.length).replace(TRAILING_VERB, '');
    return tail && DEPARTMENT_TAIL.test(tail) && !NOT_ORG.test(tail) ? org + tail : org;
  }
  return null;
}
