"""National code tables (store the code, show the label). Sources: DOMAIN.md and the GB/T standards it names."""

from __future__ import annotations

from typing import TypedDict

GENDER = {"0": "未知的性别", "1": "男", "2": "女", "9": "未说明的性别"}  # GB/T 2261.1

_ETHNIC_NAMES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 "
    "黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 "
    "毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 "
    "独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()
ETHNICITY = {f"{i:02d}": name for i, name in enumerate(_ETHNIC_NAMES, start=1)}  # GB/T 3304
ETHNICITY.update({"97": "其他", "98": "外国血统中国籍人士"})

# GB/T 4761-2008 家庭关系代码, the whole table (DOMAIN.md). Codes 70 and 80 were stored before with the labels
# "兄、弟、姐、妹" and "其他亲属": 70 means the same; 80 is the standard's group "其他" (81-99), which contains
# every "other relative", so rows stored with 80 keep a true (if broad) meaning and need no migration.
_RELATION_TABLE = """
01 本人 02 户主 10 配偶 11 夫 12 妻 20 子 21 独生子 22 长子 23 次子 24 三子 25 四子 26 五子 27 养子或继子
28 女婿 29 其他儿子 30 女 31 独生女 32 长女 33 次女 34 三女 35 四女 36 五女 37 养女或继女 38 儿媳 39 其他女儿
40 孙子、孙女或外孙子、外孙女 41 孙子 42 孙女 43 外孙子 44 外孙女 45 孙媳妇或外孙媳妇 46 孙女婿或外孙女婿
47 曾孙子或外曾孙子 48 曾孙女或外曾孙女 49 其他孙子、孙女或外孙子、外孙女 50 父母 51 父亲 52 母亲 53 公公
54 婆婆 55 岳父 56 岳母 57 继父或养父 58 继母或养母 59 其他父母关系 60 祖父母或外祖父母 61 祖父 62 祖母
63 外祖父 64 外祖母 65 配偶的祖父母或外祖父母 66 曾祖父 67 曾祖母 68 配偶的曾祖父母或外曾祖父母
69 其他祖父母或外祖父母关系 70 兄弟姐妹 71 兄 72 嫂 73 弟 74 弟媳 75 姐姐 76 姐夫 77 妹妹 78 妹夫 79 其他兄弟姐妹
80 其他 81 伯父 82 伯母 83 叔父 84 婶母 85 舅父 86 舅母 87 姨父 88 姨母 89 姑父 90 姑母 91 堂兄弟、堂姐妹
92 表兄弟、表姐妹 93 侄子 94 侄女 95 外甥 96 外甥女 97 其他亲属 99 非亲属
"""
_w = _RELATION_TABLE.split()
RELATION = dict(zip(_w[::2], _w[1::2], strict=True))
# The everyday words ledgers write for a relation (DOMAIN.md), and the labels the table had before, read as
# their code; an export writes the standard label, which reads back as the same code.
RELATION_WORDS = {
    "儿子": "20", "女儿": "30", "外孙": "43", "儿媳妇": "38",
    "媳妇": "38", "父": "51", "爸爸": "51", "母": "52", "妈妈": "52", "丈夫": "11", "妻子": "12", "老伴": "10",
    "哥哥": "71", "弟弟": "73", "姐": "75", "妹": "77", "嫂子": "72", "弟妹": "74", "爷爷": "61", "奶奶": "62",
    "姥爷": "63", "外公": "63", "姥姥": "64", "外婆": "64", "孙媳": "45", "孙媳妇": "45", "孙女婿": "46",
    "曾孙": "47", "曾孙女": "48", "继父": "57", "养父": "57", "继母": "58", "养母": "58", "养子": "27",
    "继子": "27", "养女": "37", "继女": "37", "伯伯": "81", "叔叔": "83", "婶婶": "84", "舅舅": "85", "舅妈": "86",
    "姨夫": "87", "姨妈": "88", "阿姨": "88", "姑姑": "90", "姑妈": "90", "侄儿": "93",
    "侄孙": "97", "亲属": "97", "保姆": "99", "租户": "99", "租客": "99", "同住": "99", "借住": "99",
    "兄、弟、姐、妹": "70", "兄弟": "70", "姐妹": "70",
}
HEAD_RELATION = "02"

# GB/T 2261.2
MARITAL = {"10": "未婚", "20": "已婚", "21": "初婚", "22": "再婚", "23": "复婚", "30": "丧偶", "40": "离婚", "90": "未说明"}

# GB/T 4762
POLITICAL = {
    "01": "中共党员", "02": "中共预备党员", "03": "共青团员", "04": "民革党员", "05": "民盟盟员", "06": "民建会员",
    "07": "民进会员", "08": "农工党党员", "09": "致公党党员", "10": "九三学社社员", "11": "台盟盟员",
    "12": "无党派人士", "13": "群众",
}

# GB/T 4658 (top-level groups)
EDUCATION = {
    "10": "研究生", "20": "大学本科", "30": "大学专科", "40": "中等专业学校", "60": "普通高中", "70": "初中",
    "80": "小学", "90": "其他",
}

# Resident types (GLOSSARY: Resident)
RESIDENT_TYPE = {"1": "户籍人口", "2": "流动人口", "3": "寄住人口", "4": "境外人员"}

# Record status of a resident: never hard-deleted, a status change with a date instead.
RESIDENT_STATUS = {"active": "在册", "moved_out": "迁出", "deceased": "死亡"}

BUILDING_KIND = {"residential": "住宅楼", "courtyard": "平房院落", "mixed": "商住楼", "other": "其他"}

TABLES = {
    "gender": GENDER, "ethnicity": ETHNICITY, "relation": RELATION, "marital": MARITAL,
    "political": POLITICAL, "education": EDUCATION, "resident_type": RESIDENT_TYPE,
    "resident_status": RESIDENT_STATUS, "building_kind": BUILDING_KIND,
}


def label(table: str, code: str | None) -> str:
    if code is None:
        return ""
    return TABLES[table].get(code, code)


# Care tags the offices use daily (DOMAIN.md; our list, extendable). Special groups (SENSITIVE_GROUPS in
# gridapp.core.permissions) are tags too, but shown only to roles that may see sensitive information.
CARE_TAGS = ("低保", "特困", "残疾", "独居老人", "空巢老人", "留守儿童", "退役军人", "党员")


# -- resident type extensions (DOMAIN.md "Residents"; GB/T 31000) -------------------------------------------
RESIDENT_LOCAL, RESIDENT_FLOATING, RESIDENT_FOREIGN = "1", "2", "4"

# 户籍人口: 人户一致标识
HOUSEHOLD_MATCH = {"01": "人户一致", "02": "人户不一致"}

# 流动人口
INFLOW_REASON = {
    "01": "务工", "02": "务农", "03": "经商", "04": "学习培训", "05": "婚嫁", "06": "随迁", "07": "治病疗养",
    "08": "投亲靠友", "09": "工作调动", "99": "其他",
}
PERMIT_TYPE = {"01": "居住证", "02": "暂住证", "99": "其他"}
DWELLING_TYPE = {
    "01": "自购房", "02": "租赁房", "03": "寄宿", "04": "借住", "05": "单位宿舍", "06": "临时宿舍",
    "07": "农民工公寓", "99": "其他",
}

# 境外人员: 国籍 (GB/T 2659, the alpha-3 codes of the countries seen most; extendable)
NATIONALITY = {
    "KOR": "韩国", "JPN": "日本", "USA": "美国", "RUS": "俄罗斯", "DEU": "德国", "FRA": "法国", "GBR": "英国",
    "CAN": "加拿大", "AUS": "澳大利亚", "NZL": "新西兰", "SGP": "新加坡", "MYS": "马来西亚", "THA": "泰国",
    "VNM": "越南", "PHL": "菲律宾", "IDN": "印度尼西亚", "IND": "印度", "PAK": "巴基斯坦", "MNG": "蒙古",
    "KAZ": "哈萨克斯坦", "ITA": "意大利", "ESP": "西班牙", "NLD": "荷兰", "BRA": "巴西", "ZAF": "南非",
    "EGY": "埃及", "NGA": "尼日利亚", "UKR": "乌克兰", "MMR": "缅甸", "LAO": "老挝", "PRK": "朝鲜",
}
# 境外人员证件 (证件代码)
FOREIGN_DOC = {"414": "普通护照", "411": "外交护照", "412": "公务护照", "553": "外国人永久居留身份证",
               "516": "港澳居民来往内地通行证", "511": "台湾居民来往大陆通行证", "990": "其他证件"}
VISIT_PURPOSE = {"01": "工作", "02": "学习", "03": "探亲", "04": "旅游", "05": "商务", "06": "定居", "99": "其他"}

# -- special groups (特殊人群; sensitive, PIPL Art. 28) ---------------------------------------------------------
CORRECTION_KIND = {"01": "管制", "02": "缓刑", "03": "假释", "04": "暂予监外执行", "05": "剥夺政治权利"}
DRUG_CONTROL = {"01": "在控", "02": "失控", "03": "死亡", "04": "出国（境）", "05": "服刑", "99": "其他"}
YOUTH_KIND = {"01": "闲散青少年", "02": "有不良行为青少年", "03": "流浪乞讨青少年",
              "04": "服刑人员未成年子女", "05": "农村留守儿童", "99": "其他"}
LEFT_BEHIND_KIND = {"01": "留守老人", "02": "留守妇女", "03": "留守儿童"}
MENTAL_RISK = {"0": "0级", "1": "1级", "2": "2级", "3": "3级", "4": "4级", "5": "5级"}  # 危险性评估等级

# The special groups in display order; `category` names the code table of the group's category field
# (None: the group has no category), `offense` whether it records the offence (原罪名).
class SpecialGroupSpec(TypedDict):
    category: str | None
    category_label: str | None
    offense: bool


SPECIAL_GROUPS: dict[str, SpecialGroupSpec] = {
    "刑满释放": {"category": None, "category_label": None, "offense": True},
    "社区矫正": {"category": "correction_kind", "category_label": "矫正类别", "offense": True},
    "严重精神障碍": {"category": "mental_risk", "category_label": "危险性评估等级", "offense": False},
    "吸毒": {"category": "drug_control", "category_label": "管控情况", "offense": False},
    "艾滋病危险人员": {"category": None, "category_label": None, "offense": False},
    "重点青少年": {"category": "youth_kind", "category_label": "人员类型", "offense": False},
    "留守人员": {"category": "left_behind_kind", "category_label": "留守类型", "offense": False},
}

TABLES.update({
    "household_match": HOUSEHOLD_MATCH, "inflow_reason": INFLOW_REASON, "permit_type": PERMIT_TYPE,
    "dwelling_type": DWELLING_TYPE, "nationality": NATIONALITY, "foreign_doc": FOREIGN_DOC,
    "visit_purpose": VISIT_PURPOSE, "correction_kind": CORRECTION_KIND, "drug_control": DRUG_CONTROL,
    "youth_kind": YOUTH_KIND, "left_behind_kind": LEFT_BEHIND_KIND, "mental_risk": MENTAL_RISK,
})

# 网格事务清单 (affair items): how often grid workers do an item, and the admission workflow's states
AFFAIR_FREQUENCY = {"01": "每日", "02": "每周", "03": "每月", "04": "每季度", "05": "每年", "06": "按需"}
AFFAIR_STATUS = {
    "applied": "待审核", "reviewed": "已审核", "rejected": "已驳回", "published": "公示中",
    "admitted": "已准入", "adjusted": "已调整", "withdrawn": "已退出", "cancelled": "已撤回",
}
TABLES.update({"affair_frequency": AFFAIR_FREQUENCY, "affair_status": AFFAIR_STATUS})

# 矛盾纠纷 (disputes, GB/T 31000): scale and category of the event, and the ledger's states
DISPUTE_SCALE = {"01": "个体性", "02": "一般群体性", "03": "重大群体性"}
DISPUTE_CATEGORY = {
    "01": "婚恋家庭", "02": "邻里", "03": "人格权", "04": "物权", "05": "侵权", "06": "合同", "07": "劳动人事",
    "08": "金融借贷", "09": "土地及资源权属", "10": "其他民商事", "11": "城乡建设发展", "12": "涉民政",
    "13": "其他行政执法", "14": "涉法涉诉", "15": "涉组织涉纪检", "16": "涉民族宗教", "99": "其他",
}
DISPUTE_STATUS = {"registered": "已登记", "mediating": "调解中", "resolved": "已化解", "escalated": "未化解（已上报）"}
TABLES.update({"dispute_scale": DISPUTE_SCALE, "dispute_category": DISPUTE_CATEGORY,
               "dispute_status": DISPUTE_STATUS})

# 八小工程 (small projects): the eight kinds, the 小民主 meeting forms and the 小服务 service types
SMALL_PROJECT_KIND = {
    "convention": "小公约", "consultation": "小民主", "service": "小服务", "mediation": "小调解",
    "safety": "小平安", "worthy": "小乡贤", "notable": "小名人", "family_motto": "小家训",
}
SMALL_PROJECT_MEETING_FORM = {"01": "村(居)民会议", "02": "村(居)民代表会议", "03": "议事会", "04": "理事会", "99": "其他"}
SMALL_PROJECT_SERVICE_TYPE = {
    "01": "志愿服务", "02": "便民服务", "03": "助老助残", "04": "关爱儿童", "05": "环境整治", "06": "法律咨询",
    "07": "文体活动", "99": "其他",
}
TABLES.update({"small_project_kind": SMALL_PROJECT_KIND, "small_project_meeting_form": SMALL_PROJECT_MEETING_FORM,
               "small_project_service_type": SMALL_PROJECT_SERVICE_TYPE})
# 考核 (assessment): the outcomes of a ranking, GB/T 31000's policy kinds they map onto, and the indicators' sources
POLICY_KIND = {  # GB/T 31000 政策措施类别
    "01": "表彰奖励", "02": "通报", "03": "沟通警示", "04": "约谈", "05": "挂牌督办", "06": "处分建议",
    "07": "一票否决", "99": "其他",
}
ASSESSMENT_OUTCOME = {"benchmark": "标杆", "notified": "通报", "key_management": "重点管理", "supervised": "挂牌督办"}
OUTCOME_POLICY = {"benchmark": "01", "notified": "02", "key_management": "99", "supervised": "05"}
ASSESSMENT_SOURCE = {
    "manual": "人工评分", "tasks_on_time": "网格任务按时完成率", "dispute_first": "矛盾纠纷一次性化解率",
    "dispute_resolved": "矛盾纠纷化解率", "visit_coverage": "入户走访率", "registry_complete": "人口信息完整率",
    "patrol_coverage": "巡查走访覆盖率", "below_results": "下级考核成绩",
}
REPEAT_BAND = {"last": "末位", "bottom": "后几名"}
TABLES.update({"policy_kind": POLICY_KIND, "assessment_outcome": ASSESSMENT_OUTCOME,
               "assessment_source": ASSESSMENT_SOURCE, "repeat_band": REPEAT_BAND})
