"""National code tables (store the code, show the label). Sources: DOMAIN.md and the GB/T standards it names."""

from __future__ import annotations

GENDER = {"0": "未知的性别", "1": "男", "2": "女", "9": "未说明的性别"}  # GB/T 2261.1

_ETHNIC_NAMES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 "
    "黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 "
    "毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 "
    "独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()
ETHNICITY = {f"{i:02d}": name for i, name in enumerate(_ETHNIC_NAMES, start=1)}  # GB/T 3304
ETHNICITY.update({"97": "其他", "98": "外国血统中国籍人士"})

# GB/T 4761 family relations (the codes grid ledgers use most)
RELATION = {
    "01": "本人", "02": "户主", "10": "配偶", "11": "夫", "12": "妻", "20": "子", "30": "女",
    "40": "孙子、孙女或外孙子、外孙女", "50": "父母", "51": "父亲", "52": "母亲", "60": "祖父母或外祖父母",
    "70": "兄、弟、姐、妹", "80": "其他亲属", "99": "非亲属",
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
