using System.Collections.Frozen;

namespace Workflows.Functions.Http;

/// <summary>What one problem <c>rule</c> code means, Chinese first and English second.</summary>
public sealed record ProblemRule(string Code, string Zh, string En)
{
    /// <summary>The problem's <c>title</c>: one string, Chinese first, " / ", English (the shape of every text a person reads).</summary>
    public string Title => $"{Zh} / {En}";
}

/// <summary>
/// Every problem <c>rule</c> code the API, the drops' quarantine reports and the domain validators use, with its meaning.
/// The OpenAPI document lists it, <c>GET /api/problems/{rule}</c> answers each entry (a problem's <c>type</c> points
/// there), and a test fails when a rule code appears in the code without an entry here. Codes are lower case,
/// dot-separated, kebab-case within a segment (<c>area.subject.condition</c>).
/// </summary>
public static class ProblemCatalog
{
    /// <summary>Where a problem's <c>type</c> points: a path on the host that answered, so it resolves wherever it runs.</summary>
    public const string TypePath = "/api/problems/";

    private static readonly FrozenDictionary<string, ProblemRule> Rules = Build();

    public static IReadOnlyCollection<ProblemRule> All => Rules.Values;

    public static ProblemRule? Find(string code) => Rules.GetValueOrDefault(code);

    /// <summary>The rule's meaning, or a generic entry for its status so an uncatalogued code still reads in both languages.</summary>
    public static ProblemRule Describe(string code, int status) =>
        Find(code) ?? Find(StatusRule(status)) ?? new ProblemRule(code, "请求无效", "The request is not valid");

    /// <summary>The code a problem without a more specific rule carries for its status.</summary>
    public static string StatusRule(int status) =>
        status switch
        {
            401 => "unauthenticated",
            403 => "forbidden",
            404 => "not-found",
            405 => "method.not-allowed",
            409 => "conflict",
            412 => "precondition.failed",
            413 => "body.too-large",
            415 => "body.media-type",
            428 => "precondition.required",
            429 => "rate-limited",
            >= 500 => "server.error",
            _ => "request.invalid",
        };

    private static FrozenDictionary<string, ProblemRule> Build() => Entries().ToFrozenDictionary(r => r.Code, StringComparer.Ordinal);

    private static IEnumerable<ProblemRule> Entries() =>
        [
            .. General(),
            .. Calendar(),
            .. Identifiers(),
            .. Cases(),
            .. MarketEntities(),
            .. Coal(),
            .. Retrofit(),
            .. Drops(),
            .. Register(),
            .. EventDocuments(),
            .. StandardFactories(),
            .. PatentAward(),
            .. TwoHigh(),
            .. ProxyPower(),
        ];

    private static ProblemRule R(string code, string zh, string en) => new(code, zh, en);

    private static IEnumerable<ProblemRule> General() =>
        [
            R("request.invalid", "请求无效", "The request is not valid"),
            R("unauthenticated", "需要登录", "Authentication required"),
            R("forbidden", "此角色无权操作", "Not allowed for this role"),
            R("not-found", "未找到", "Not found"),
            R("route.not-found", "无此接口", "No such route"),
            R("method.not-allowed", "此接口不支持该请求方法", "Method not allowed on this route"),
            R("conflict", "与案件当前状态冲突", "Conflict with the current state"),
            R("precondition.failed", "案件已变更（If-Match 不符）", "The case changed (If-Match does not match)"),
            R("precondition.required", "须提供 If-Match", "If-Match is required"),
            R("rate-limited", "请求过于频繁", "Too many requests"),
            R("server.error", "服务器内部错误", "Internal server error"),
            R("query.unknown", "不支持的查询参数", "Unknown query parameter"),
            R("body.json", "请求体不是有效的 JSON", "The body is not valid JSON"),
            R("body.object", "请求体须为 JSON 对象", "The body must be a JSON object"),
            R("body.required", "请求体必填", "A body is required"),
            R("body.utf8", "请求体须为 UTF-8 编码", "The body must be UTF-8"),
            R("body.media-type", "不支持的媒体类型", "Unsupported media type"),
            R("body.too-large", "请求体过大", "The request body is too large"),
            R("number.range", "数值超出范围", "Number out of range"),
            R("array.element-null", "列表元素不得为 null", "A list element is null"),
            R("text.too-long", "文本过长", "Text too long"),
            R("id.storage-key", "标识无法作为存储键", "The id cannot be a storage key"),
            R("page.range", "页码超出范围", "Page out of range"),
            R("page-size.range", "每页条数超出范围", "Page size out of range"),
            R("page.with-token", "续页标记与页码不得同时使用", "A page number cannot be combined with a continuation token"),
            R("continuation-token.malformed", "续页标记无效", "The continuation token is not valid"),
            R("continuation-token.sort", "续页标记属于另一种排序", "The continuation token belongs to another sort order"),
            R("q.length", "搜索文字过长", "The search text is too long"),
            R("sort.value", "排序方式无效", "Not a valid sort order"),
            R("state.format", "案件状态代码格式无效", "Not a valid case state code"),
            R("uscc.format", "统一社会信用代码格式无效", "Not a valid USCC"),
            R("due.date", "期限日期须为 yyyy-MM-dd", "The due date must be yyyy-MM-dd"),
            R("due.range", "期限范围的结束早于开始", "The due range ends before it starts"),
            R("mine.value", "“我的待办”参数只能是 true 或 false", "The mine parameter must be true or false"),
            R("digest.department", "摘要的部门无效", "Not a valid digest department"),
            R("storage.transaction", "一次写入超出存储事务上限", "One write exceeds the storage transaction limit"),
            R("required", "必填参数缺失", "A required parameter is missing"),
            R("range", "参数超出范围", "Parameter out of range"),
            R("instance-id", "实例标识无效", "The instance id is not valid"),
            R("agency.division-code", "机关须为6位行政区划代码", "The agency must be a 6-digit division code"),
            R("storage.blob-name", "文件名无法存储", "The blob name cannot be stored"),
            R("storage.entity-size", "记录超出存储上限", "The record exceeds the storage limit"),
            R("storage.key", "存储键无效", "The storage key is not valid"),
            R("storage.property-size", "字段超出存储上限", "A property exceeds the storage limit"),
        ];

    private static IEnumerable<ProblemRule> Calendar() =>
        [
            R("calendar.range", "日期超出法定日历覆盖范围", "Date outside the legal calendar"),
            R("calendar.file-name", "日历文件须命名为<年份>.json", "Name the calendar file <year>.json"),
            R("calendar.too-large", "日历文件过大", "The calendar file is too large"),
            R("calendar.year-range", "年份超出日历范围", "The year is outside the calendar's range"),
            R("date-format", "日期格式须为 YYYY-MM-DD", "Dates are written YYYY-MM-DD"),
            R("date.format", "日期格式须为 yyyy-MM-dd", "Dates are written yyyy-MM-dd"),
            R("period.amount", "期间数值超出范围", "Period amount out of range"),
            R("period.exactly-one", "须且仅须给出一种期间", "Give exactly one kind of period"),
            R("utf8", "文件编码必须为 UTF-8", "The file must be UTF-8"),
            R("json-syntax", "JSON 格式错误", "The file is not valid JSON"),
            R("json-shape", "文件结构不符", "The file does not have the expected shape"),
            R("year-required", "年份必填", "The year is required"),
            R("year-matches", "年份不符", "The year does not match"),
            R("year-range", "年份超出范围", "The year is out of range"),
            R("papers-required", "通知网址必填", "The notice URL is required"),
            R("paper-url", "通知网址须为非空字符串", "Each notice URL must be a non-empty string"),
            R("days-required", "日期列表必填", "The list of days is required"),
            R("day-shape", "日期条目结构不符", "A day entry does not have the expected shape"),
            R("name-required", "节日名称必填", "The holiday name is required"),
            R("is-off-day-required", "须注明放假或调休上班", "State whether the day is off or a make-up working day"),
            R("date-in-year", "日期不在该年度内", "The date is not in the year"),
            R("date-unique", "日期重复", "The date is listed twice"),
            R("make-up-on-weekend", "调休上班日只能是周六或周日", "A make-up working day must be a Saturday or Sunday"),
            R("statutory-holiday-covered", "法定节假日未覆盖", "A statutory holiday is not covered"),
        ];

    private static IEnumerable<ProblemRule> Identifiers() =>
        [
            R("uscc.length", "统一社会信用代码须为18位", "The USCC must have 18 characters"),
            R("uscc.charset", "统一社会信用代码含非法字符", "The USCC has a character outside GB 32100"),
            R("uscc.category", "统一社会信用代码登记管理部门或类别代码无效", "The USCC's authority or category code is not valid"),
            R("uscc.check-character", "统一社会信用代码校验码错误", "The USCC's check character is wrong"),
            R("resident-id.length", "居民身份证号码须为18位", "The resident ID number must have 18 characters"),
            R("resident-id.charset", "居民身份证号码含非法字符", "The resident ID number has a character outside GB 11643"),
            R("resident-id.birth-date", "居民身份证号码出生日期无效", "The resident ID number's birth date is not valid"),
            R("resident-id.check-digit", "居民身份证号码校验码错误", "The resident ID number's check digit is wrong"),
        ];

    private static IEnumerable<ProblemRule> Cases() =>
        [
            R("event.type-required", "事件须有类型", "The event needs a type"),
            R("event.unknown", "该程序无此事件", "Not an event of this procedure"),
            R("event.required-field", "事件缺少必填字段", "The event lacks a required field"),
            R("event.role-not-allowed", "此角色不得发送该事件", "This role may not send the event"),
            R("event.max-occurrences", "该事件次数已达上限", "The event occurred as often as allowed"),
            R("event.material-code", "材料代码无效", "Unknown material code"),
            R("event.art41-ground", "须为第四十一条所列情形", "Must be a ground of Art. 41"),
            R("event.number", "字段须为数值", "The field must be a number"),
            R("light.value", "信号灯取值无效", "Unknown traffic light"),
            R("procedure.unknown", "未知程序", "Unknown procedure"),
            R("after-event.format", "afterEvent 格式无效", "afterEvent is not valid"),
            R("wait-seconds.range", "等待秒数超出范围", "waitSeconds out of range"),
            R("wait-seconds.needs-after-event", "waitSeconds 须与 afterEvent 同用", "waitSeconds needs afterEvent"),
            R("intake.outside-share", "提交人无权查阅该案件", "The filer could not read the case back"),
            R("notification.status", "通知状态取值无效", "Unknown notification status"),
            R("digest.format", "摘要格式须为 csv 或 html", "The digest format is csv or html"),
            R("digest.file-needs-agency-and-date", "摘要文件须指明机关和日期", "A digest file needs an agency and a date"),
            R("blob.name", "文件名长度无效", "The blob name length is not valid"),
            R("container.not-watched", "该容器不受理投递", "The container takes no drops"),
        ];

    private static IEnumerable<ProblemRule> MarketEntities() =>
        [
            R("registration.required", "登记申请必填项缺失", "A required item of the application is missing"),
            R("registration.material-missing", "申请材料不齐全", "A required material is missing"),
            R("registration.entity-type", "主体类型无效", "Unknown entity type"),
            R("registration.accepted-in-future", "受理日期不得晚于今天", "The acceptance date is in the future"),
            R("registration.capital-positive", "注册资本须为正数", "The registered capital must be positive"),
            R("registration.capital-sum", "出资额合计须等于注册资本", "Contributions must add up to the capital"),
            R("registration.contribution-method", "出资方式无效", "Unknown contribution method"),
            R("registration.contribution-positive", "出资额须为正数", "A contribution must be positive"),
            R("registration.duplicate-party", "同一当事人重复列出", "A party is listed twice"),
            R("registration.family-members", "家庭经营须列明家庭成员", "Family operation lists the family members"),
            R("registration.general-partner", "合伙企业须有普通合伙人", "A partnership needs a general partner"),
            R(
                "registration.legal-representative-capacity",
                "法定代表人须有完全民事行为能力",
                "The legal representative needs full capacity"
            ),
            R(
                "registration.legal-representative-natural-person",
                "法定代表人须为自然人",
                "The legal representative must be a natural person"
            ),
            R("registration.licensed-item-approval", "许可经营项目须先取得批准", "A licensed business item needs its approval"),
            R("registration.on-the-spot-officer", "当场登记须由登记员办理", "On-the-spot registration is done by an officer"),
            R("registration.partners-minimum", "合伙人人数不足", "Too few partners"),
            R("registration.sole-investor", "须且仅须有一名投资人", "Exactly one investor is required"),
            R("deregistration.entity-required", "须指明注销的市场主体", "Name the entity to deregister"),
            R("deregistration.not-individual-business", "该路径仅适用于个体工商户", "This route is for individual businesses"),
            R("deregistration.notice-in-future", "公示日期不得晚于今天", "The notice date is in the future"),
            R(
                "simplified-deregistration.abnormal-operations",
                "列入经营异常名录，不适用简易注销",
                "Listed for abnormal operations: no simplified deregistration"
            ),
            R("simplified-deregistration.commitment-incomplete", "承诺书未由全体投资人签署", "Not every investor signed the commitment"),
            R("simplified-deregistration.commitment-missing", "缺少全体投资人承诺书", "The investors' commitment letter is missing"),
            R("simplified-deregistration.commitment-unsigned", "承诺书未签署", "The commitment letter is unsigned"),
            R(
                "simplified-deregistration.licence-revoked",
                "营业执照被吊销，不适用简易注销",
                "Licence revoked: no simplified deregistration"
            ),
            R("simplified-deregistration.ordered-to-close", "被责令关闭，不适用简易注销", "Ordered to close: no simplified deregistration"),
            R(
                "simplified-deregistration.registration-revoked",
                "登记被撤销，不适用简易注销",
                "Registration revoked: no simplified deregistration"
            ),
            R(
                "simplified-deregistration.requires-approval",
                "注销须经批准，不适用简易注销",
                "Deregistration needs approval: not simplified"
            ),
            R("revocation.received-in-future", "收到日期不得晚于今天", "The date received is in the future"),
            R("tracker.kind", "未知的期限类型", "Unknown tracker kind"),
            R("tracker.kind-internal", "该期限类型由系统自动创建", "The system opens this tracker kind itself"),
            R("tracker.trigger-in-future", "起算日期不得晚于今天", "The triggering date is in the future"),
            R("correction.incomplete", "一次性告知须列明全部缺少的材料", "The one-time notice must list every missing material"),
            R("registration.materials-missing", "申请材料不齐全，不得登记", "Materials are missing: no registration"),
            R("revocation.no-finding", "未经调查认定或公示期无异议届满，不得撤销", "No revocation without a finding or an unopposed notice"),
            R("publication.item", "不是须公示的事项", "Not an item the law requires to publish"),
        ];

    private static IEnumerable<ProblemRule> Coal() =>
        [
            R("coal.body.required", "须提交耗煤项目材料", "A coal project filing is required"),
            R("coal.body.shape", "材料不符合耗煤项目格式", "The filing does not match the coal project form"),
            R("coal.accepted-on.invalid", "受理日期无效", "The acceptance date is not valid"),
            R("coal.rules.not-in-force", "该日期无有效的替代规则", "No substitution rule table is in force on that date"),
            R("coal.owner.not-caller", "项目单位只能申报本单位项目", "A project owner files only its own projects"),
            R("coal.owner-name.required", "项目单位名称必填", "The owner's name is required"),
            R("coal.owner-uscc.required", "项目单位统一社会信用代码必填", "The owner's USCC is required"),
            R("coal.owner-uscc.invalid", "项目单位统一社会信用代码无效", "The owner's USCC is not valid"),
            R("coal.project-name.required", "项目名称必填", "The project name is required"),
            R("coal.location.required", "项目所在地必填", "The project location is required"),
            R("coal.location.outside-henan", "项目不在河南省内", "The project is outside Henan"),
            R("coal.location.county-mismatch", "县区与市不符", "The county is not in the city"),
            R("coal.industry.unknown", "未知行业", "Unknown industry"),
            R("coal.kind.unknown", "未知项目类型", "Unknown project kind"),
            R("coal.coal-use.unknown", "未知用煤类型", "Unknown kind of coal use"),
            R("coal.energy-use.not-positive", "能源消费量须为正数", "The energy use must be positive"),
            R("coal.new-coal.not-positive", "新增耗煤量须为正数", "The new coal use must be positive"),
            R("coal.supplement.not-increase", "补充方案须增加替代量", "A supplementary plan must add substitution"),
            R("coal.publication.invalid", "公示信息无效", "The publication is not valid"),
            R("coal.production.date", "投产日期无效", "The production date is not valid"),
            R("coal.production.allowed", "可以投产", "Production may start"),
            R("coal.production.not-confirmed", "替代量未经确认，不得投产", "Substitution not confirmed: no production"),
            R("coal.production.substitution-incomplete", "替代量未全部落实，不得投产", "Substitution incomplete: no production"),
            R("coal.confirmation.allowed", "可以确认替代量", "The substitution may be confirmed"),
            R("coal.confirmation.substitution-incomplete", "替代量未全部落实，不得确认", "Substitution incomplete: no confirmation"),
            R("coal.review.admitted", "可以进入审查", "The project may be reviewed"),
            R("coal.review.below-minimum-share", "已落实替代量不足40%，不予审查", "Below 40 % of Q secured: no review"),
            R("coal.review.region-suspended", "所在地区暂停审查", "Review suspended in the region"),
            R("coal.report.size", "实施报告大小无效", "The report size is not valid"),
            R("coal.report.not-found", "未找到该耗煤项目", "No such coal project"),
            R("coal.production.before-approval", "投产日期早于审查意见批复，不得投产", "Production dated before the approval"),
            R("coal.production.before-confirmation", "投产日期早于替代量认定，不得投产", "Production dated before the confirmation"),
            R("coal.withdrawal.ground", "撤销审查意见须写明法定理由", "A withdrawal names a ground of Art. 21"),
            R("coal.withdrawal.finding", "撤销审查意见须写明认定事实", "A withdrawal states the facts found"),
            R("coal.suspension.not-higher-authority", "非上一级节能主管部门，不得责成整改", "Only the next higher authority orders it"),
            R("event.payload-shape", "事件内容格式不符", "The event body does not fit the event"),
            R("coal.report.closed", "案件已办结", "The case is closed"),
            R("coal.report.not-due", "投产前无须提交实施报告", "The report is due only after production starts"),
            R("coal.report.file-required", "须上传实施报告", "The report file is required"),
            R("coal.report.blob-name", "文件须命名为<案件号>/<文件名>", "Name the blob <caseId>/<file>"),
            R("coal.file.json", "文件不是有效的耗煤项目 JSON", "The file is not a coal project JSON"),
            R("ledger.project.required", "须指明项目", "The project is required"),
            R("ledger.source.already-used", "替代源已被其他项目使用", "The source is already used"),
            R("ledger.source.duplicate", "替代源重复", "The source is listed twice"),
            R("ledger.source.unknown", "未知替代源", "Unknown source"),
            R("ledger.tonnes.out-of-range", "分配量超出范围", "Allocated tonnes out of range"),
            R("source.body.required", "须提交替代源", "A source is required"),
            R("source.body.shape", "替代源格式不符", "The source does not match the form"),
            R("source.id.required", "替代源编号必填", "The source id is required"),
            R("source.kind.unknown", "未知替代源类型", "Unknown kind of source"),
            R("source.description.required", "替代源说明必填", "The source description is required"),
            R("source.location.outside-henan", "替代源不在河南省内", "The source is outside Henan"),
            R("source.baseline.required", "基准量必填", "The baseline is required"),
            R("source.baseline.wrong-year", "基准年份不符", "The baseline year is wrong"),
            R("source.baseline.exceeded", "替代量超过基准量", "The reduction exceeds the baseline"),
            R("source.reduction.not-positive", "削减量须为正数", "The reduction must be positive"),
            R("source.closure.scope-required", "关停须说明范围", "A closure states its scope"),
            R("source.clean-energy.energy-required", "清洁能源替代须说明能源量", "Clean-energy substitution states the energy"),
            R("source.purchase.contract-required", "购买指标须附合同", "A purchase needs its contract"),
            R("source.purchase.exceeds-contract", "购买量超过合同量", "The purchase exceeds the contract"),
            R("source.retrofit.measurements-required", "节能改造须附测量数据", "A retrofit needs its measurements"),
            R("source.retrofit.inconsistent", "节能改造数据不一致", "The retrofit figures are inconsistent"),
            R("source.retrofit.no-reduction", "节能改造无削减量", "The retrofit reduces nothing"),
            R("source.other.not-measurable", "其他替代源须可计量", "Another source must be measurable"),
            R("suspension.city.unknown", "未知城市", "Unknown city"),
            R("suspension.from.required", "暂停起始日期必填", "The start date is required"),
            R("suspension.reason.required", "暂停原因必填", "The reason is required"),
            R("suspension.target-year.required", "考核年度必填", "The target year is required"),
            R("suspension.until.before-from", "结束日期早于起始日期", "The end is before the start"),
        ];

    private static IEnumerable<ProblemRule> Retrofit() =>
        [
            R("programme.id", "方案编号无效", "The programme id is not valid"),
            R("programme.invalid", "方案定义无效", "The programme definition is not valid"),
            R("retrofit.programme.unknown", "未知改造方案", "Unknown retrofit programme"),
            R("retrofit.project.required", "须提交改造项目", "A retrofit project is required"),
            R("retrofit.project.shape", "改造项目格式不符", "The project does not match the form"),
            R("retrofit.unit.required", "重点用能单位必填", "The unit is required"),
            R("retrofit.unit.not-listed", "该单位不在重点用能单位名单内", "The unit is not on the key-units list"),
            R("retrofit.content.required", "改造内容必填", "The retrofit content is required"),
            R("retrofit.investment.negative", "投资额不得为负", "The investment may not be negative"),
            R("retrofit.savings.not-positive", "节能量须为正数", "The savings must be positive"),
            R("retrofit.dates.completed-before-start", "完成日期早于开工日期", "Completed before it started"),
            R("retrofit.deadline.outside-programme", "完成期限超出方案期限", "The deadline is outside the programme"),
            R("retrofit.failed-review.late-deadline", "整改期限过晚", "The remediation deadline is too late"),
            R("progress.shape", "进度格式不符", "The progress does not match the form"),
            R("progress.started-on.required", "开工日期必填", "The start date is required"),
            R("progress.completed-on.required", "完成日期必填", "The completion date is required"),
            R("progress.completed-on.unexpected", "未完成的项目不得填写完成日期", "No completion date before completion"),
            R("progress.dates.future", "日期不得晚于今天", "A date is in the future"),
            R("progress.dates.order", "日期顺序错误", "The dates are out of order"),
            R("progress.numbers.negative", "数值不得为负", "A number is negative"),
            R("remediation.resume.conditions-unmet", "恢复条件未满足", "The conditions to resume are not met"),
            R("remediation.role.wrong", "此角色不得办理该整改步骤", "The wrong role for this remediation step"),
            R("remediation.transition.invalid", "整改状态不得如此变更", "Not a valid remediation step"),
            R("units.programme.unknown", "未知改造方案", "Unknown programme"),
            R("units.file.type", "名单须为 CSV 或 XLSX", "The list must be CSV or XLSX"),
            R("units.file.size", "名单文件大小无效", "The list size is not valid"),
            R("units.file.too-large", "名单文件过大", "The list is too large"),
            R("units.file.too-many-rows", "名单行数过多", "The list has too many rows"),
            R("units.file.empty", "名单为空", "The list is empty"),
            R("units.file.no-rows", "名单无数据行", "The list has no rows"),
            R("units.file.not-utf8", "CSV 须为 UTF-8 编码", "The CSV must be UTF-8"),
            R("units.file.not-gb18030", "CSV 不是有效的 GB18030 编码", "The CSV is not valid GB18030"),
            R("units.file.encoding", "文件既不是 UTF-8 也不是 GB18030", "The file is neither UTF-8 nor GB18030"),
            R("units.file.encoding-stated", "声明的编码无效，须为 utf-8 或 gb18030", "The stated encoding must be utf-8 or gb18030"),
            R("units.file.not-xlsx", "文件不是有效的 XLSX", "The file is not a valid XLSX"),
            R("units.header.missing-columns", "名单缺少必需列", "The list lacks required columns"),
            R("units.row.column-count", "行的列数不符", "A row has the wrong number of columns"),
            R("units.name.required", "单位名称必填", "The unit name is required"),
            R("units.uscc.required", "统一社会信用代码必填", "The USCC is required"),
            R("units.uscc.invalid", "统一社会信用代码无效", "The USCC is not valid"),
            R("units.uscc.duplicate", "统一社会信用代码重复", "The USCC is listed twice"),
            R("units.county.required", "县区必填", "The county is required"),
            R("units.county.outside-jurisdiction", "县区不在管辖范围内", "The county is outside the jurisdiction"),
            R("units.county.rehome", "单位已属另一县区", "The unit already belongs to another county"),
            R("units.energy.required", "综合能耗必填", "The energy use is required"),
            R("units.energy.not-number", "综合能耗须为数值", "The energy use must be a number"),
            R("units.energy.not-positive", "综合能耗须为正数", "The energy use must be positive"),
        ];

    private static IEnumerable<ProblemRule> Drops() =>
        [
            R("document.type", "不支持的文件类型", "Unsupported document type"),
            R("document.stated-type", "不支持：声明的文件类型与文件不符", "Unsupported: the stated type does not match the document"),
            R("document.content", "不支持：文件内容与类型不符", "Unsupported: the content does not match the type"),
            R("package.type", "申请包须为 JSON 或 ZIP", "A package is JSON or ZIP"),
            R("package.corrupt", "申请包已损坏", "The package is corrupt"),
            R("package.too-large", "申请包过大", "The package is too large"),
            R("package.too-many-entries", "申请包文件过多", "The package has too many entries"),
            R("package.document-too-large", "申请包内文件过大", "A document in the package is too large"),
            R("package.path-traversal", "申请包内路径非法", "A path in the package leaves it"),
            R("package.application-missing", "申请包缺少 application.json", "The package lacks application.json"),
            R("drop.handler-failed", "投递文件处理失败", "The drop could not be handled"),
        ];

    /// <summary>The register of market entities and the disqualifications (issue 14).</summary>
    private static IEnumerable<ProblemRule> Register() =>
        [
            R("register.already-terminated", "市场主体已终止（已注销或被撤销）", "The entity no longer exists (deregistered or revoked)"),
            R("register.transition", "登记状态不允许此项变更", "The entity's status does not allow this change"),
            R("register.uscc-taken", "统一社会信用代码已由其他市场主体持有", "The USCC is held by another entity"),
            R("register.not-registered", "登记簿中无此市场主体", "The entity is not in the register"),
            R("register.already-registered", "该市场主体已在登记簿中", "The entity is already in the register"),
            R("register.change-kind", "不支持的登记状态变更", "Unknown kind of register change"),
            R("register.decision-required", "须写明所依据的决定", "The decision is required"),
            R("register.decided-in-future", "决定日期晚于今天", "The decision is dated after today"),
            R("register.import.size", "登记簿文件大小不符", "The register file is empty or too large"),
            R("register.import.encoding", "登记簿文件编码无效", "The register file's encoding is not valid"),
            R("register.import.empty", "登记簿文件没有数据", "The register file lists no entities"),
            R("register.import.type", "登记簿文件须为 CSV 或 XLSX", "The register file must be CSV or XLSX"),
            R("register.import.too-large", "登记簿文件过大", "The register file is too large"),
            R("register.import.too-many-rows", "登记簿文件行数过多", "The register file has too many rows"),
            R("register.import.not-xlsx", "文件不是有效的 XLSX", "The file is not a valid XLSX"),
            R("register.import.columns", "登记簿文件缺少必需列", "The register file lacks required columns"),
            R("register.suspension.service-address", "歇业备案须写明法律文书送达地址", "A suspension filing needs the service address"),
            R("register.suspension.start", "歇业应当在歇业前备案", "A suspension is filed before it begins"),
            R("register.suspension.too-long", "歇业期限最长不得超过3年", "A suspension lasts at most 3 years"),
            R("register.resumption.publication", "恢复营业须公示或者视为恢复营业", "A resumption needs its publication, or is deemed"),
            R("disqualification.status", "限制状态筛选无效", "Unknown disqualification status filter"),
            R("publication.authority-duty", "该公示由登记机关作出", "This publication is the authority's"),
            R("register.import.column-count", "行的列数不符", "A row has the wrong number of columns"),
            R("register.import.uscc", "统一社会信用代码无效", "The USCC is not valid"),
            R("register.import.required", "必填项为空", "A required cell is empty"),
            R("register.import.entity-type", "主体类型无法识别", "Unknown entity type"),
            R("register.import.status", "登记状态无法识别", "Unknown register status"),
            R("register.import.date", "日期无效", "The date is not valid"),
            R("register.import.agency", "登记机关不在辖区内", "The agency is outside the jurisdiction"),
            R("register.import.duplicate", "统一社会信用代码重复", "The USCC is listed twice"),
            R("simplified-deregistration.court-liquidation", "人民法院已裁定强制清算或宣告破产，不适用简易注销", "Court-ordered liquidation: no simplified deregistration"),
            R("disqualification.unknown", "未知的任职资格限制情形", "Unknown disqualification"),
            R("disqualification.required", "必填项为空", "A required field is empty"),
            R("disqualification.id-number", "公民身份号码无效", "The resident ID number is not valid"),
            R("disqualification.start-in-future", "起算日晚于今天", "The start date is after today"),
            R("disqualification.import.size", "限制名单文件大小不符", "The disqualification list is empty or too large"),
            R("disqualification.import.encoding", "限制名单文件编码无效", "The disqualification list's encoding is not valid"),
            R("disqualification.import.empty", "限制名单文件没有数据", "The disqualification list names no one"),
            R("disqualification.import.type", "限制名单文件须为 CSV 或 XLSX", "The disqualification list must be CSV or XLSX"),
            R("disqualification.import.too-large", "限制名单文件过大", "The disqualification list is too large"),
            R("disqualification.import.too-many-rows", "限制名单文件行数过多", "The disqualification list has too many rows"),
            R("disqualification.import.not-xlsx", "文件不是有效的 XLSX", "The file is not a valid XLSX"),
            R("disqualification.import.columns", "限制名单文件缺少必需列", "The disqualification list lacks required columns"),
            R("disqualification.import.column-count", "行的列数不符", "A row has the wrong number of columns"),
            R("disqualification.import.duplicate", "同一条限制重复列出", "The same disqualification is listed twice"),
        ];

    // Issue 16: documents sent with an event (multipart/form-data).
    private static IEnumerable<ProblemRule> EventDocuments() =>
        [
            R("event.multipart", "多部分表单无法读取", "The multipart form cannot be read"),
            R("event.part-missing", "表单缺少事件部分", "The form lacks the event part"),
            R("event.too-many-documents", "随事件上传的文件过多", "Too many documents with the event"),
            R("event.document-too-large", "随事件上传的文件过大", "A document sent with the event is too large"),
            R("event.documents-not-taken", "此事件不接受附件", "This event takes no documents"),
        ];

    /// <summary>漯政〔2021〕17号 (issue 19): the half-yearly standard-factory submissions and ranking.</summary>
    private static IEnumerable<ProblemRule> StandardFactories() =>
        [
            R("factory.half-year.format", "半年应写作 2021-H2", "A half-year reads like 2021-H2"),
            R("factory.half-year.range", "该半年不可报送", "No round for this half-year"),
            R("factory.submission.shape", "报送内容不符合格式", "The submission does not match the form"),
            R("factory.land-saving-rate.range", "节地率应在 0 至 1 之间", "The land-saving rate is a share from 0 to 1"),
            R("factory.material.missing", "缺少核准材料", "A required material is missing"),
            R("factory.buildings.too-many", "报送厂房过多", "Too many buildings in one submission"),
            R("factory.building.duplicate", "厂房项目重复报送", "A building is listed twice"),
            R("factory.building.name-required", "项目名称和投资方名称必填", "The project and investor names are required"),
            R("factory.investor.uscc", "投资方统一社会信用代码无效", "The investor's USCC is not valid"),
            R("factory.completed.before-start", "竣工早于2021年1月1日", "Completed before 1 January 2021"),
            R("factory.completed.outside-half-year", "竣工日期不在所报半年内", "Completed outside the half-year reported"),
            R("factory.kind.unknown", "厂房类型无效", "Unknown kind of factory"),
            R("factory.floors.invalid", "楼层或面积无效", "A floor or its area is not valid"),
            R("factory.floors.gap", "楼层不连续", "The floors are not consecutive"),
            R("factory.standard.floors", "建筑层数不足", "Too few floors"),
            R("factory.standard.area", "建筑面积不足", "The floor area is below the standard"),
            R("factory.standard.plot-ratio", "容积率应大于1.0", "The plot ratio must exceed 1.0"),
            R("factory.round.not-settled", "县区尚未全部核实或期限未届满", "Not every county is verified or past its deadline"),
        ];

    /// <summary>漯政〔2021〕22号 (issue 19): the mayor's patent award rounds and applications.</summary>
    private static IEnumerable<ProblemRule> PatentAward() =>
        [
            R("patent-award.round.year-format", "评审年度应为年份", "The round's year is a year"),
            R("patent-award.round.year-range", "该年度不可评审", "No round in this year"),
            R("patent-award.round.biennial", "市长专利奖每两年评审一次", "The award is held every two years"),
            R("patent-award.round.not-open", "该年度未在受理申报", "No round of this year takes applications"),
            R("patent-award.round.not-approved", "评审结果尚未经市政府批准", "The results are not yet approved"),
            R("patent-award.body.shape", "内容不符合格式", "The body does not match the form"),
            R("patent-award.patent.required", "专利名称必填", "The patent's title is required"),
            R("patent-award.patent.kind", "专利类型无效", "Unknown patent kind"),
            R("patent-award.patent.number", "专利号无效", "The patent number is not valid"),
            R("patent-award.patent.granted-on", "授权日无效", "The grant date is not valid"),
            R("patent-award.recommender.required", "推荐单位必填", "The recommending unit is required"),
            R("patent-award.recommender.uscc", "推荐单位统一社会信用代码无效", "The recommending unit's USCC is not valid"),
            R("patent-award.material.missing", "缺少申报材料", "A required material is missing"),
            R("patent-award.excluded", "属于不得申报的情形", "A case in which no application is allowed"),
            R("patent-award.exclusion.unknown", "不得申报的情形无效", "Unknown exclusion"),
            R("patent-award.experts.required", "评审专家必填", "The reviewing experts are required"),
            R("patent-award.expert.conflict", "评审专家应当回避", "A reviewing expert must withdraw"),
            R("patent-award.level.unknown", "奖励等级无效", "Unknown award level"),
            R("patent-award.level.cap", "超过该等级每次评审的项数", "More awards of this level than a round allows"),
            R("patent-award.invention-share", "发明专利比例不足70%", "Invention patents below 70 % of the level"),
            R("patent-award.nominee.duplicate", "同一申报重复列入", "An application is listed twice"),
            R("patent-award.nominee.not-ready", "申报尚未完成实地考察", "The application is not past its site visit"),
            R("patent-award.published-on.range", "公示日期无效", "The publicity date is not valid"),
            R("patent-award.publicity.running", "公示期尚未届满", "The publicity has not ended"),
            R("patent-award.publicity.ended", "公示期已届满", "The publicity has ended"),
            R("patent-award.objection.case", "异议所指申报不在公示名单中", "The objection names an application not published"),
            R("patent-award.objection.not-open", "没有待评判的该项异议", "No such objection awaits a ruling"),
            R("patent-award.objections.open", "尚有异议待评判", "Objections await the committee's ruling"),
            R("patent-award.award.not-approved", "与市政府批准的获奖名单不符", "Not as the approved list says"),
            R("patent-award.recovery.incomplete", "奖金应全额追回", "The prize money is recovered in full"),
        ];

    /// <summary>豫政办〔2021〕65号 (issue 19): the barometer, the missed-year suspension and the two-high project list.</summary>
    private static IEnumerable<ProblemRule> TwoHigh() =>
        [
            R("twohigh.rows.required", "“晴雨表”数据应为数组", "The barometer rows are an array of objects"),
            R("twohigh.region.required", "省辖市必填", "The city is required"),
            R("twohigh.region.unknown", "地区不是河南省的省辖市或已知县区", "Not a Henan city or a known county"),
            R("twohigh.region.outside-share", "不在发布范围内的地区", "A region outside the publisher's share"),
            R("twohigh.month.format", "月份应写作 2021-09", "A month reads like 2021-09"),
            R("twohigh.month.not-next", "月份不晚于已发布的月份", "The month is not after the last one published"),
            R("twohigh.figure.number", "指标应为数字", "A figure must be a number"),
            R("twohigh.figure.cap", "控制目标应大于0", "A cap must be above 0"),
            R("twohigh.figure.negative", "指标不能为负数", "A figure cannot be negative"),
            R("twohigh.row.duplicate", "同一地区同一月份重复", "The region's month is listed twice"),
            R("twohigh.row.column-count", "列数与表头不符", "The row's fields do not match the header"),
            R("twohigh.header.missing-columns", "表头缺少列", "The header lacks columns"),
            R("twohigh.file.empty", "文件没有数据行", "The file has no data rows"),
            R("twohigh.file.encoding", "文件不是 UTF-8 或 GB18030 编码", "The file is neither UTF-8 nor GB18030"),
            R("twohigh.file.type", "文件应为 .csv 或 .xlsx", "The file is neither .csv nor .xlsx"),
            R("twohigh.file.not-xlsx", "无法按 XLSX 读取", "The file cannot be read as XLSX"),
            R("twohigh.file.too-large", "文件过大", "The file is too large"),
            R("twohigh.file.too-many-rows", "数据行过多", "Too many data rows"),
            R("twohigh.year.range", "年度应为已结束的年度", "The year must be an ended year"),
            R("twohigh.year.recorded", "该年度已记录", "The year is recorded already"),
            R("twohigh.assessment.flag", "完成情况应为 true 或 false", "Met or not is true or false"),
            R("twohigh.restore.nothing-suspended", "节能审查未被暂停", "The energy reviews are not suspended"),
            R("twohigh.project.shape", "项目信息不符合格式", "The listing does not match the form"),
            R("twohigh.project.name-required", "项目名称和建设单位必填", "The project and owner names are required"),
            R("twohigh.project.uscc", "建设单位统一社会信用代码无效", "The owner's USCC is not valid"),
            R("twohigh.project.industry", "不属于“两高”行业", "Not a two-high industry"),
            R("twohigh.project.below-threshold", "年综合能源消费量低于1万吨标准煤", "Below 10,000 tce a year"),
            R("twohigh.project.operating-since", "存量投运项目应填写投运日期", "An operating project states when it began"),
            R("twohigh.date.format", "日期应写作 2026-03-18", "A date reads like 2026-03-18"),
            R("twohigh.date.future", "日期晚于今天", "The date is after today"),
            R("twohigh.date.before-last", "日期早于已记录的日期", "The date precedes the last one recorded"),
            R("twohigh.date.before-plan", "日期早于行动方案施行", "The date precedes the action plan"),
        ];

    /// <summary>发改办价格〔2021〕809号 (issue 19): the grid companies' proxy power purchase.</summary>
    private static IEnumerable<ProblemRule> ProxyPower() =>
        [
            R("power.obligation.kind", "义务类型无效", "Unknown kind of obligation"),
            R("power.period.format", "月份或季度格式无效", "The month or quarter is not written like 2021-12 or 2021-Q4"),
            R("power.period.outside-validity", "不在通知有效期内", "Outside the notice's validity"),
            R("power.body.shape", "内容不符合格式", "The body does not match the form"),
            R("power.publication.price", "代理购电价格无效", "The proxy purchase price is not valid"),
            R("power.publication.user-price", "代理购电用户电价低于代理购电价格", "The user price is below the purchase price"),
            R("power.publication.items", "缺少应公布的信息", "An item that must be published is missing"),
            R("power.publication.channels", "应通过线上线下渠道公布", "Publish online and offline"),
            R("power.publication.url", "公布网址无效", "The publication's address is not valid"),
            R("power.report.summary", "报告内容无效", "The report's summary is not valid"),
            R("power.report.figures", "报告数据无效", "The report's figures are not valid"),
            R("power.grid.unknown", "电网企业未知", "Unknown grid company"),
            R("power.user.name", "用户名称无效", "The user's name is not valid"),
            R("power.user.uscc", "用户统一社会信用代码无效", "The user's USCC is not valid"),
            R("power.user.voltage", "电压等级无效", "The voltage is not valid"),
            R("power.user.start", "应填写通知日或退出市场日之一", "Give the notice day or the day the user left the market"),
            R("power.high-energy.no-exit", "高耗能用户不得退出市场交易", "A high-energy user may not leave the market"),
            R("power.first-proxy.date", "首次代理购电日期无效", "The first proxy day is not valid"),
            R("power.first-proxy.too-early", "首次代理购电未提前1个月通知", "The first proxy purchase is less than a month after the notice"),
            R("power.choice.window-closed", "本季度选择期已过", "The quarter's choice window is closed"),
            R("power.left-market.date", "退出市场日期无效", "The day the user left is not valid"),
        ];
}
