"""Synthetic demo data: grids, buildings, households and residents with valid (generated) ID numbers.

Everything is generated from a seeded random source, so the same `--seed` gives the same people,
addresses and ID numbers (row ids and clocks are fresh each time, as for any write). No real person's
data is used: surnames and given-name characters come from Faker's zh_CN word lists.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from faker.providers.person.zh_CN import Provider as _Names
from sqlalchemy import func, select

from gridapp.core.errors import ValidationError
from gridapp.core.idnumber import make_id
from gridapp.core.ids import stable_id, uuid7
from gridapp.core.orgcode import LEVEL_LABELS_ZH, LEVELS, Level, level_of, parent_code
from gridapp.core.progress import NULL_PROGRESS, Progress
from gridapp.db.database import Database
from gridapp.db.models import (
    Building,
    Household,
    HouseholdVisit,
    OrgUnit,
    Resident,
    ResidentTag,
    SpecialGroupRecord,
)
from gridapp.domain import clock
from gridapp.services.units import UnitService
from gridapp.services.visits import MONTHLY_TAGS
from gridapp.sync.changelog import ChangeWriter

ZIBO_DISTRICTS = ["370302", "370303", "370304", "370305", "370306", "370321", "370322", "370323"]
OTHER_REGIONS = ["370102", "370202", "370781", "371302", "410105", "130102", "340102", "320102"]
ROADS = ["和平路", "建设路", "中心路", "新华街", "振兴路", "民主街", "光明路", "幸福街", "团结路", "胜利街",
         "育才路", "文化路", "东风街", "朝阳路", "花园路", "新村路"]
TOWN_NAMES = ["城东街道", "城西街道", "南湖镇", "北山镇", "东河街道", "西岭镇", "新区街道", "中埠镇", "马尚街道"]
COMMUNITY_NAMES = ["和平社区", "建设社区", "幸福村", "光明社区", "团结村", "振兴社区", "东关村", "西苑社区",
                   "南营村", "北辰社区", "杏园村", "柳泉社区"]
FANOUT = {Level.CITY: 8, Level.DISTRICT: 9, Level.TOWN: 12, Level.COMMUNITY: 6}
RESIDENTS_PER_GRID = 850  # about 300 households of 2.8 people
MALE = _Names.first_names_male
FEMALE = _Names.first_names_female
# the pools mix one-character names and two-character names; only single characters are combined
MALE_CHARS = [n for n in MALE if len(n) == 1]
FEMALE_CHARS = [n for n in FEMALE if len(n) == 1]
SURNAMES = list(_Names.last_names.keys())
SURNAME_WEIGHTS = list(_Names.last_names.values())
# 境外人员: invented romanised names by nationality (no real person's data)
FOREIGN_NAMES = {
    "KOR": (["KIM", "PARK", "LEE", "CHOI"], ["MINSU", "JIHOON", "SEOYEON", "HYUNWOO"]),
    "JPN": (["SATO", "SUZUKI", "TANAKA", "ITO"], ["HARUTO", "YUKI", "SORA", "AOI"]),
    "USA": (["SMITH", "MILLER", "DAVIS"], ["JOHN", "EMILY", "DAVID"]),
    "DEU": (["MUELLER", "SCHMIDT", "WEBER"], ["LUKAS", "ANNA", "FELIX"]),
    "RUS": (["IVANOV", "PETROVA", "SOKOLOV"], ["ALEXEI", "OLGA", "DMITRI"]),
}
VISIT_CONTENTS = ["了解家庭人员变动情况", "宣传防范电信网络诈骗", "核实实有人口信息", "消防安全检查和宣传",
                  "走访慰问，了解生活困难", "宣传禁毒知识", "了解邻里矛盾纠纷情况", "核对出租房屋及租住人员"]
VISIT_ISSUES = ["楼道照明损坏", "反映小区停车难", "邻里噪音纠纷", "希望增加夜间巡逻", "楼道堆放杂物",
                "咨询居住证办理", "电动车楼道充电隐患"]
VISIT_HANDLING = ["已现场调解", "已转社区处理", "已告知办理流程", "已联系物业整改", "已纳入巡逻重点", "正在跟进"]
EXTENSION_KEYS = ("household_match", "inflow_reason", "permit_type", "permit_no", "permit_registered",
                  "permit_expires", "dwelling_type", "key_attention", "foreign_surname", "foreign_given_name",
                  "chinese_name", "nationality", "foreign_doc_type", "foreign_doc_no", "foreign_doc_expires",
                  "visit_purpose", "arrival_date", "departure_date", "political_status")


DEMO_EVENT_GRIDS = 3  # events, patrols and work logs are made for this many grids (a walk through the real flow)
# (class, subclass, title, what happened, source weight): fictional problems of the kind grid workers report
EVENT_KINDS = [
    ("03", "0302", "{road}{no}号楼道燃气管道有异味", "居民反映楼道内有燃气味，网格员到场确认，已提醒居民开窗通风、暂停使用明火。"),
    ("03", "0301", "{road}{no}号消防通道被杂物堵塞", "巡查发现消防通道堆放纸箱、旧家具，影响消防车通行。"),
    ("03", "0301", "{road}{no}号楼道电动车违规充电", "楼道内有电动车飞线充电，存在火灾隐患。"),
    ("03", "0303", "{road}{no}号院平房墙体开裂", "院内一处平房外墙出现明显裂缝，雨后有扩大迹象。"),
    ("03", "0304", "{road}{no}号楼电梯频繁停运", "居民反映电梯近一周多次停运，有老人被困经历。"),
    ("04", "0401", "{road}{no}号附近垃圾堆放未清运", "小区门口垃圾桶满溢，周边堆放建筑垃圾已有三天。"),
    ("04", "0402", "{road}{no}号院内污水外溢", "院内化粪池堵塞，污水漫到通道上。"),
    ("05", "0502", "{road}路段路灯不亮", "{road}东段连续五盏路灯夜间不亮，居民夜间出行不便。"),
    ("05", "0503", "{road}{no}号门前井盖缺失", "人行道上一处井盖缺失，已临时放置警示锥。"),
    ("05", "0504", "{road}{no}号楼供暖不热", "多户居民反映室内温度不足 16 度。"),
    ("02", None, "{road}{no}号出租房人员频繁更换", "一处出租房近期入住人员频繁更换，未按规定登记。"),
    ("06", None, "{road}{no}号独居老人申请助餐服务", "独居老人行动不便，希望纳入社区助餐服务。"),
    ("06", None, "{road}{no}号居民咨询医保报销", "居民咨询异地就医医保报销办理流程。"),
    ("07", None, "{road}{no}号社区矫正对象情绪异常", "网格员走访发现一名社区矫正对象近期情绪低落，已告知司法所。"),
    ("08", None, "居民对{road}停车收费有意见", "多名居民反映{road}路边停车收费标准不清楚。"),
    ("99", None, "{road}{no}号楼顶违规搭建", "楼顶新搭建彩钢板房，邻居担心安全。"),
]
# the state each demo event is walked to, with how many per grid
EVENT_FATES = [("reported", 2), ("overdue_report", 1), ("returned", 1), ("accepted", 1), ("dispatched", 2),
               ("overdue", 2), ("extension_asked", 1), ("extended", 1), ("fed_back", 2), ("verified", 1),
               ("closed", 2), ("called_back", 8), ("reopened", 1), ("escalated", 1)]
PATROL_SITUATIONS = [
    ("入户了解家庭成员近况，身体状况良好。", None),
    ("走访独居老人，测量血压，提醒按时服药。", None),
    ("核实出租房承租人信息，已更新登记。", None),
    ("宣传防诈骗知识，发放宣传资料。", None),
    ("了解孩子入学情况，家长无诉求。", None),
    ("入户检查燃气软管和报警器。", "燃气软管老化，已建议更换。"),
    ("走访困难家庭，了解低保办理进度。", "希望加快低保复核。"),
    ("了解楼道环境情况。", "楼道堆放杂物较多，影响通行。"),
    ("回访上次反映的路灯问题。", "路灯已修复，居民满意。"),
]
WORKLOG_LINES = [
    "上午巡查网格内主要道路和小区出入口，未发现异常；下午入户走访 {n} 户。",
    "参加社区例会，学习矛盾纠纷排查要求；走访独居老人 {n} 户。",
    "协助开展燃气安全检查 {n} 户，发现老化软管两处，已登记跟进。",
    "整理流动人口信息，核实出租房 {n} 处；晚上巡查夜市周边。",
    "接待居民来访 {n} 人次，主要咨询医保和养老认证，均已解答。",
    "跟进上周上报的事件办理情况，向居民反馈进展；走访重点人员 {n} 户。",
]
DEMO_DISPUTE_GRIDS = 40  # disputes are made for this many grids at most (a district has thousands)
DISPUTE_KINDS = (  # (事件类别, 名称, 简述, 化解方式)
    ("02", "{road}楼上漏水邻里纠纷", "楼上住户卫生间漏水，楼下屋顶受损，双方就维修费用发生争执。", "人民调解"),
    ("02", "{road}噪音扰民纠纷", "住户夜间装修噪音扰民，邻居多次交涉未果。", "人民调解"),
    ("02", "{road}楼道堆物纠纷", "住户在楼道堆放杂物，影响通行和消防安全，邻里发生口角。", "当场调解"),
    ("01", "{road}家庭赡养纠纷", "兄妹之间就老人赡养费分担和轮流照料发生争执。", "人民调解"),
    ("01", "{road}婚姻家庭矛盾", "夫妻因家庭琐事多次争吵，一方要求调解。", "人民调解"),
    ("04", "{road}车位占用纠纷", "小区车位被他人长期占用，双方各执一词。", "人民调解"),
    ("04", "{road}房屋租赁押金纠纷", "租客退租后房东拒退押金，双方对房屋损坏认定不一。", "人民调解"),
    ("07", "{road}装修工人欠薪纠纷", "装修工程完工后包工头拖欠工人工资。", "行政调解"),
    ("07", "{road}劳务报酬纠纷", "临时用工结束后双方对工时和报酬计算发生争议。", "行政调解"),
    ("06", "{road}物业服务合同纠纷", "业主认为物业服务不到位拒交物业费，物业公司多次催缴。", "人民调解"),
    ("08", "{road}民间借贷纠纷", "亲戚之间借款到期未还，出借人多次催要。", "人民调解"),
    ("05", "{road}宠物伤人纠纷", "饲养的犬只咬伤邻居，双方就医疗费赔偿发生争执。", "人民调解"),
    ("09", "{road}宅基地界址纠纷", "相邻两户对院墙界址有争议。", "联合调解"),
    ("11", "{road}旧改施工扰民", "老旧小区改造施工时间过长，居民反映噪音和出行不便。", "联合调解"),
)
DISPUTE_WEIGHTS = [3 if k[0] in ("01", "02") else 1 for k in DISPUTE_KINDS]  # 邻里, 婚恋家庭 are the most common
DISPUTE_OUTCOMES = ("经调解双方达成协议，已履行完毕。", "双方各让一步，当场和解。", "责任方赔偿损失，对方表示谅解。",
                    "签订人民调解协议书，约定按期履行。", "协调有关部门解决，当事人表示满意。")

DEMO_PROJECT_UNITS = 40  # small-project records are made for this many grids and communities at most
# 八小工程 demo pools: (名称, 内容, 成效) per kind, and the kind-specific values drawn with them
PROJECT_KINDS = (  # (kind, how many a year per grid, per community)
    ("convention", (0, 1), (1, 2)), ("consultation", (1, 3), (2, 4)), ("service", (3, 6), (1, 3)),
    ("mediation", (1, 3), (0, 1)), ("safety", (2, 4), (1, 2)), ("worthy", (0, 1), (0, 1)),
    ("notable", (0, 1), (0, 1)), ("family_motto", (1, 2), (0, 1)),
)
CONVENTIONS = (
    ("修订居民公约", "一、爱护公共设施，不乱扔垃圾；二、邻里互谅互让，有事好商量；三、不在楼道堆放杂物、不飞线充电；"
     "四、文明养犬，牵绳出行；五、红白事从简，不大操大办。", "居民会议表决"),
    ("制定文明养犬公约", "养犬须登记办证，出门牵绳，及时清理犬只粪便，不在公共区域放养，犬只伤人由饲养人负责。",
     "居民代表会议表决"),
    ("修订村规民约", "一、孝老爱亲，赡养老人；二、移风易俗，婚事新办丧事简办；三、不乱搭乱建、不焚烧秸秆；"
     "四、邻里纠纷先找调解小组；五、维护村内道路和环境卫生。", "村民会议表决"),
    ("制定停车管理公约", "车辆按划线车位停放，不占用消防通道和绿地，外来车辆登记后临时停放。", "户代表签字同意"),
)
CONSULTATIONS = (
    ("加装电梯议事会", "加装电梯费用分摊和施工安排", "按楼层系数分摊费用，一楼住户不出资，施工期间每日18时后停工"),
    ("小区停车位划分议事", "小区停车位如何划分和收费", "划定固定车位按户抽签，剩余车位按月轮换，收费用于道路维修"),
    ("楼道改造民主议事", "老旧楼道粉刷和照明改造", "由社区申请改造资金，居民出工出力，照明改为声控灯"),
    ("垃圾分类推进议事会", "垃圾分类投放点设置和督导", "每栋楼设一处分类投放点，志愿者早晚督导一个月"),
    ("广场舞噪音协商会", "广场舞时间和音量", "活动时间改为19时至20时半，音量不超过规定，远离住宅楼"),
)
SERVICES = (
    ("01", "志愿者清扫楼道", "组织党员和志愿者清扫楼道、清理小广告"),
    ("02", "便民理发进社区", "邀请理发师为居民义务理发"),
    ("03", "独居老人上门探访", "志愿者上门探访独居老人，帮助打扫卫生、代购生活用品"),
    ("04", "假期儿童托管", "暑期为双职工家庭儿童提供作业辅导和托管"),
    ("05", "背街小巷环境整治", "清理背街小巷垃圾和乱堆乱放"),
    ("06", "法律咨询进社区", "律师现场解答居民法律问题"),
    ("07", "重阳节文艺演出", "组织居民自编自演文艺节目"),
    ("02", "免费测血压血糖", "联系社区卫生服务站为居民免费测量血压血糖"),
)
SAFETY = (
    ("消防安全排查", "检查楼道堆物、电动车飞线充电、消防通道占用情况"),
    ("夜间治安巡逻", "平安志愿者夜间巡逻，检查单元门、车棚和监控"),
    ("燃气安全入户检查", "配合燃气公司入户检查燃气管道和报警器"),
    ("防汛隐患排查", "检查低洼地段排水、危旧房屋和广告牌"),
    ("防范电信诈骗宣传", "在小区广场设点宣传防范电信网络诈骗，排查可疑情况"),
)
WORTHY_DEEDS = ("退休教师，多年义务为邻里调解矛盾纠纷，被居民称为“老娘舅”。",
                "返乡创业人员，带动村民发展特色种植，捐资修缮村内道路。",
                "老党员，坚持每天在小区巡逻，协助网格员采集信息。",
                "退休医生，每周在社区义诊，为老人讲解健康知识。")
NOTABLE_DEEDS = ("照顾瘫痪婆婆十余年，被评为孝老爱亲模范。", "见义勇为，冒险从火灾中救出邻居老人。",
                 "热心公益，常年资助困难学生。", "自学书法，免费教社区儿童写毛笔字。")
MOTTOS = ("勤俭持家，诚实做人。", "孝敬父母，和睦邻里。", "读书明理，踏实做事。", "忠厚传家久，诗书继世长。",
          "吃亏是福，和气生财。", "自强自立，不给国家添麻烦。")


@dataclass
class DemoResult:
    units: int
    buildings: int
    households: int
    residents: int
    seed: int
    tags: int = 0
    special_groups: int = 0
    affairs: int = 0
    visits: int = 0
    tasks: int = 0
    tasks_done: int = 0
    disputes: int = 0
    projects: int = 0
    assessment_schemes: int = 0
    party_members: int = 0
    events: int = 0
    patrols: int = 0
    worklogs: int = 0


class DemoGenerator:
    def __init__(self, db: Database, seed: int = 1):
        self.db = db
        self.seed = seed
        self.rng = random.Random(seed)
        self.used_ids: set[str] = set()
        # tags, extensions and special groups draw from their own stream: the same seed still gives the same
        # people, addresses and ID numbers as before these were added
        self.xrng = random.Random(f"{seed}-extras")
        self.today = dt.date(2026, 1, 1)  # fixed, so ages and IDs do not depend on the day of the run
        # police visits draw from a third stream; their dates count back from the day of the run (a visit
        # cannot lie in the future), so the same seed gives the same pattern of visits, shifted to that day
        self.vrng = random.Random(f"{seed}-visits")
        self.visit_day = clock.today()

    # -- people ---------------------------------------------------------------------------------
    def _name(self, gender: str, rng: random.Random | None = None) -> str:
        rng = rng or self.rng
        pool = MALE if gender == "1" else FEMALE
        given = rng.choice(pool)
        if len(given) == 1 and rng.random() < 0.7:
            given += rng.choice(MALE_CHARS if gender == "1" else FEMALE_CHARS)
        return rng.choices(SURNAMES, SURNAME_WEIGHTS)[0] + given

    def _id(self, region: str, age: int, gender: str) -> tuple[str, dt.date]:
        rng = self.rng
        while True:
            born = self.today - dt.timedelta(days=age * 365 + rng.randrange(365))
            seq = rng.randrange(0, 999)
            if (seq % 2 == 1) != (gender == "1"):
                seq = seq + 1 if seq < 998 else seq - 1
            number = make_id(region, born, seq)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number, born

    def _phone(self, rng: random.Random | None = None) -> str:
        rng = rng or self.rng
        return "1" + rng.choice("3456789") + "".join(rng.choices("0123456789", k=9))

    def _person(self, grid: str, household: str, relation: str, age: int, gender: str, local: str,
                address: str, migrant: bool) -> dict:
        region = self.rng.choice(OTHER_REGIONS) if migrant else local
        number, born = self._id(region, age, gender)
        return {
            "unit_code": grid, "household_id": household, "id_number": number, "name": self._name(gender),
            "gender": gender, "birth_date": born, "ethnicity": "01" if self.rng.random() < 0.97 else "03",
            "phone": self._phone() if age >= 16 and self.rng.random() < 0.85 else None,
            "resident_type": "2" if migrant else "1", "relation_to_head": relation,
            "registered_region": region, "current_region": local, "current_address": address,
            "marital_status": "20" if relation in ("02", "10") and age >= 22 else ("10" if age < 22 else None),
            "status": "active",
        }

    def _household_members(self, grid: str, household: str, local: str, address: str) -> list[dict]:
        rng = self.rng
        migrant = rng.random() < 0.12
        head_age = rng.randint(24, 86)
        head_gender = "1" if rng.random() < 0.72 else "2"
        people = [self._person(grid, household, "02", head_age, head_gender, local, address, migrant)]
        size = rng.choices([1, 2, 3, 4, 5], [14, 30, 30, 18, 8])[0]
        if size >= 2 and head_age >= 22:
            spouse_age = max(20, head_age + rng.randint(-5, 5))
            people.append(self._person(grid, household, "10", spouse_age, "2" if head_gender == "1" else "1",
                                       local, address, migrant))
        while len(people) < size:
            if head_age > 60 and rng.random() < 0.3:
                break
            child_age = max(0, min(head_age - 20, rng.randint(0, 35)))
            g = rng.choice("12")
            people.append(self._person(grid, household, "20" if g == "1" else "30", child_age, g, local,
                                       address, migrant))
        return people

    # -- type extensions, care tags, special groups -------------------------------------------------------------
    def _day_between(self, a: dt.date, b: dt.date) -> dt.date:
        return a + dt.timedelta(days=self.xrng.randrange(max(1, (b - a).days)))

    def _extras(self, grid: str, people: list[dict]) -> tuple[list[dict], list[dict]]:
        """Fill the type extensions of `people` (in place, with ids) and return (tag rows, special-group rows):
        低保 ~2% of households, 特困 ~0.3%, 残疾 ~3%, 党员 ~6% of adults, 独居/空巢老人 among the elderly living
        alone or as a couple, 留守儿童 among children, 退役军人 among men; a few 境外人员 and special groups."""
        rng, today = self.xrng, self.today
        tags: list[dict] = []
        groups: list[dict] = []
        by_household: dict[str, list[dict]] = {}
        for p in people:
            p["id"] = uuid7()
            for k in EXTENSION_KEYS:
                p.setdefault(k, None)
            by_household.setdefault(p["household_id"], []).append(p)

        def tag(p: dict, name: str) -> None:
            tags.append({"unit_code": grid, "resident_id": p["id"], "tag": name, "since": None, "note": None})

        def group(p: dict, name: str, category: str | None = None, offense: str | None = None) -> None:
            start = self._day_between(today - dt.timedelta(days=5 * 365), today - dt.timedelta(days=30))
            groups.append({"unit_code": grid, "resident_id": p["id"], "group_name": name, "category": category,
                           "offense": offense, "start_date": start, "end_date": None, "note": None})
            tag(p, name)

        for members in by_household.values():
            ages = [(today - m["birth_date"]).days // 365 for m in members]
            household_tags = []
            if rng.random() < 0.02:
                household_tags.append("低保")
            elif rng.random() < 0.003:
                household_tags.append("特困")
            for m, age in zip(members, ages, strict=True):
                for t in household_tags:
                    tag(m, t)
                if m["resident_type"] == "1":
                    m["household_match"] = "01" if rng.random() < 0.9 else "02"
                else:
                    self._floating(m)
                if rng.random() < 0.03:
                    tag(m, "残疾")
                if age >= 18 and rng.random() < 0.06:
                    tag(m, "党员")
                    m["political_status"] = "01"
                if age >= 60 and len(members) == 1:
                    tag(m, "独居老人")
                elif age >= 60 and len(members) == 2 and min(ages) >= 60:
                    tag(m, "空巢老人")
                if age < 16 and rng.random() < 0.05:
                    tag(m, "留守儿童")
                    if rng.random() < 0.3:
                        group(m, "留守人员", "03")
                if m["gender"] == "1" and 22 <= age <= 80 and rng.random() < 0.025:
                    tag(m, "退役军人")
                if 18 <= age <= 70:
                    roll = rng.random()
                    if roll < 0.002:
                        group(m, "刑满释放", None, rng.choice(["盗窃罪", "诈骗罪", "故意伤害罪"]))
                    elif roll < 0.003:
                        group(m, "社区矫正", rng.choice(["02", "02", "03", "04"]), rng.choice(["危险驾驶罪", "盗窃罪"]))
                    elif roll < 0.005:
                        group(m, "严重精神障碍", rng.choice(["0", "1", "1", "2"]))
                    elif roll < 0.0055:
                        group(m, "吸毒", "01")
                if 12 <= age <= 25 and rng.random() < 0.002:
                    group(m, "重点青少年", rng.choice(["01", "02"]))
            # now and then a household of one adult is a foreign national living in the grid
            if len(members) == 1 and 20 <= ages[0] <= 60 and rng.random() < 0.02:
                self._foreign(members[0])
        return tags, groups

    def _floating(self, p: dict) -> None:
        rng, today = self.xrng, self.today
        registered = self._day_between(today - dt.timedelta(days=3 * 365), today)
        p.update({
            "inflow_reason": rng.choices(["01", "03", "04", "05", "06", "08", "99"], [50, 15, 5, 6, 15, 6, 3])[0],
            "permit_type": rng.choices(["01", "02", None], [80, 8, 12])[0],
            "dwelling_type": rng.choices(["01", "02", "05", "04", "07"], [15, 60, 12, 8, 5])[0],
            "permit_registered": registered, "key_attention": rng.random() < 0.03,
        })
        if p["permit_type"]:
            p["permit_no"] = "37" + "".join(rng.choices("0123456789", k=14))
            p["permit_expires"] = registered + dt.timedelta(days=365 * rng.choice([1, 2, 3]))

    def _foreign(self, p: dict) -> None:
        rng, today = self.xrng, self.today
        nation = rng.choice(sorted(FOREIGN_NAMES))
        surnames, given = FOREIGN_NAMES[nation]
        arrival = self._day_between(today - dt.timedelta(days=4 * 365), today - dt.timedelta(days=10))
        for k in ("inflow_reason", "permit_type", "permit_no", "permit_registered", "permit_expires",
                  "dwelling_type", "key_attention", "household_match"):
            p[k] = None
        p.update({
            "resident_type": "4", "foreign_surname": rng.choice(surnames), "foreign_given_name": rng.choice(given),
            "chinese_name": p["name"], "nationality": nation, "foreign_doc_type": "414",
            "foreign_doc_no": rng.choice("EMGP") + "".join(rng.choices("0123456789", k=8)),
            "foreign_doc_expires": arrival + dt.timedelta(days=365 * 5),
            "visit_purpose": rng.choices(["01", "02", "05", "03"], [50, 25, 15, 10])[0],
            "arrival_date": arrival, "departure_date": arrival + dt.timedelta(days=365 * rng.choice([1, 2, 3])),
        })

    # -- structure ------------------------------------------------------------------------------
    def _visits(self, grid: str, households: list[dict], people: list[dict], tag_rows: list[dict]) -> list[dict]:
        """A year of police visits: most households visited on the rule (monthly for 低保/特困, 空巢/独居老人,
        流动人口 and 社区矫正 households, about every six months otherwise), some late, a few never."""
        rng, today = self.vrng, self.visit_day
        officers = [self._officer() for _ in range(2)]
        size: dict[str, int] = {}
        household_of = {}
        monthly: set[str] = set()
        for p in people:
            size[p["household_id"]] = size.get(p["household_id"], 0) + 1
            household_of[p["id"]] = p["household_id"]
            if p.get("resident_type") == "2":
                monthly.add(p["household_id"])
        for t in tag_rows:
            if t["tag"] in (*MONTHLY_TAGS, "社区矫正"):
                monthly.add(household_of[t["resident_id"]])
        rows = []
        for h in households:
            hid = h["id"]
            roll = rng.random()
            if roll < 0.06:  # never visited this year
                continue
            days: list[int] = []
            if hid in monthly:
                back = rng.randrange(0, 40 if roll < 0.85 else 90)
                while back < 365:
                    days.append(back)
                    back += rng.randint(26, 36) if rng.random() < 0.85 else rng.randint(50, 70)
            else:
                back = rng.randrange(0, 175 if roll < 0.8 else 300)
                while back < 365:
                    days.append(back)
                    back += rng.randint(150, 200)
            for back in days:
                issue = rng.random() < 0.18
                text = rng.choice(VISIT_ISSUES) if issue else None
                rows.append({
                    "id": uuid7(), "unit_code": grid, "household_id": hid,
                    "visit_date": today - dt.timedelta(days=back), "present": rng.randint(0, size.get(hid, 1)),
                    "visitor_name": rng.choice(officers), "visitor_unit": grid[:12],
                    "content": rng.choice(VISIT_CONTENTS), "issues": text,
                    "handling": rng.choice(VISIT_HANDLING) if issue else None, "replaces": None})
        return rows

    def _officer(self) -> str:
        rng = self.vrng
        return rng.choices(SURNAMES, SURNAME_WEIGHTS)[0] + rng.choice(MALE_CHARS) + rng.choice(MALE_CHARS)

    def _grid_codes(self, root: str, level: Level, grids: int) -> list[tuple[str, str]]:
        """Codes and names of the units below `root` that hold `grids` grids, parents before children.

        Units fill up in order: FANOUT[level] children per unit, except directly below the root, where
        as many units are made as needed.
        """
        if level == Level.GRID:
            return []
        below = LEVELS[level.depth + 1:]
        capacity = {Level.GRID: 1}  # grids held by one full unit of each level
        for lv in reversed(below[:-1]):
            capacity[lv] = capacity[LEVELS[lv.depth + 1]] * FANOUT[lv]
        units: list[tuple[str, str]] = []
        for g in range(grids):
            code = root
            for lv in below:
                parent = LEVELS[lv.depth - 1]
                width = lv.digits - parent.digits
                index = g // capacity[lv]
                if parent != level:
                    index %= FANOUT[parent]
                code += f"{index + 1:0{width}d}"
                if g % capacity[lv] == 0:
                    units.append((code, self._unit_name(lv, index + 1)))
        return units

    def _unit_name(self, level: Level, index: int) -> str:
        if level == Level.DISTRICT:
            return f"示范区县{index}"
        if level == Level.TOWN:
            return TOWN_NAMES[(index - 1) % len(TOWN_NAMES)] + ("" if index <= len(TOWN_NAMES) else str(index))
        if level == Level.COMMUNITY:
            base = COMMUNITY_NAMES[(index - 1) % len(COMMUNITY_NAMES)]
            return base if index <= len(COMMUNITY_NAMES) else f"{base}{index}"
        return f"第{index}网格"

    # -- the run --------------------------------------------------------------------------------
    def run(self, residents: int, progress: Progress = NULL_PROGRESS) -> DemoResult:
        if residents < 1:
            raise ValidationError("居民人数至少为 1。", field="--residents")
        units = UnitService(self.db)
        install = units.installation()
        if install is None:
            raise ValidationError("本机尚未初始化单位，请先运行 init。")
        with self.db.read() as s:
            existing = s.execute(select(func.count()).select_from(Resident)).scalar_one()
            have_units = set(s.execute(select(OrgUnit.code)).scalars())
        if existing:
            raise ValidationError(f"数据库中已有 {existing} 名居民；演示数据只能写入空数据库，请用 --db 指定新文件。")
        grids_needed = 1 if install.level == Level.GRID else max(1, math.ceil(residents / RESIDENTS_PER_GRID))
        planned = self._grid_codes(install.code, install.level, grids_needed)
        # units set up before the demo (e.g. grids added by hand) are used, not made a second time
        new_units = [(c, n) for c, n in planned if c not in have_units]
        grid_codes = [c for c, _ in planned if len(c) == 15] or [install.code]
        local = install.code[:6] if len(install.code) >= 6 else self.rng.choice(ZIBO_DISTRICTS)
        buildings = households = people = tags = special = visits = 0
        with self.db.write() as s:
            w = ChangeWriter(self.db, s)
            w.bulk_insert(OrgUnit, [
                {"id": stable_id("org_unit", c), "code": c, "name": n, "level": level_of(c).value, "parent_code": parent_code(c),
                 "unit_code": c} for c, n in new_units])
            per_grid = [residents // len(grid_codes) + (1 if i < residents % len(grid_codes) else 0)
                        for i in range(len(grid_codes))]
            for gi, (grid, target) in enumerate(zip(grid_codes, per_grid, strict=True)):
                grid_local = grid[:6] if len(grid) >= 6 else local
                b_rows, h_rows, r_rows = [], [], []
                made = 0
                building_no = 0
                while made < target:
                    building_no += 1
                    road = self.rng.choice(ROADS)
                    b_address = f"{road}{self.rng.randint(1, 300)}号{building_no}号楼"
                    b_id = uuid7()
                    kind = "residential" if self.rng.random() < 0.8 else "courtyard"
                    b_rows.append({"id": b_id, "unit_code": grid, "name": f"{building_no}号楼",
                                   "address": b_address, "kind": kind, "floors": self.rng.choice([1, 2, 6, 7, 11, 18])})
                    for h in range(self.rng.randint(12, 36)):
                        if made >= target:
                            break
                        room = f"{h // 6 + 1}单元{(h % 6) // 2 + 1}0{h % 2 + 1}"
                        address = f"{b_address}{room}"
                        h_id = uuid7()
                        members = self._household_members(grid, h_id, grid_local, address)[: target - made]
                        h_rows.append({"id": h_id, "unit_code": grid, "building_id": b_id, "address": address,
                                       "room": room, "household_no": f"{grid[-6:]}{len(h_rows) + 1:04d}",
                                       "phone": members[0]["phone"]})
                        r_rows.extend(members)
                        made += len(members)
                tag_rows, group_rows = self._extras(grid, r_rows)
                w.bulk_insert(Building, b_rows)
                w.bulk_insert(Household, h_rows)
                for i in range(0, len(r_rows), 5000):
                    w.bulk_insert(Resident, r_rows[i:i + 5000])
                w.bulk_insert(ResidentTag, tag_rows)
                w.bulk_insert(SpecialGroupRecord, group_rows)
                visit_rows = self._visits(grid, h_rows, r_rows, tag_rows)
                w.bulk_insert(HouseholdVisit, visit_rows)
                visits += len(visit_rows)
                tags += len(tag_rows)
                special += len(group_rows)
                buildings += len(b_rows)
                households += len(h_rows)
                people += len(r_rows)
                progress.step(gi + 1, len(grid_codes), f"{grid}：{people}/{residents} 人")
        disputes = self._disputes(install.code, grid_codes)
        projects = self._projects(install.code, [install.code, *(c for c, _ in planned)])
        affairs = self._affairs(install.code, [c for c, _ in planned])
        tasks, tasks_done = self._tasks(install.code)
        schemes = self._assessment(install.code)
        members, member_tags = self._party(install.code, [c for c, _ in planned])
        tags += member_tags  # the 党员 tag follows a membership: the members not tagged yet get it
        events, patrols, worklogs = self._events(install.code, grid_codes)
        return DemoResult(units=len(new_units), buildings=buildings, households=households, residents=people,
                          seed=self.seed, tags=tags, special_groups=special, affairs=affairs, visits=visits,
                          tasks=tasks, tasks_done=tasks_done, disputes=disputes,
                          projects=projects, assessment_schemes=schemes, party_members=members, events=events,
                          patrols=patrols, worklogs=worklogs)

    # -- party network (党建网格) ----------------------------------------------------------------------
    def _party(self, install: str, made: list[str]) -> tuple[int, int]:
        """A small party network: the town's 党工委, each community's 党委, a 党支部 on every grid but the last
        (so the checks have something to show), a 党小组 on each grid's first two buildings, about one adult in
        twenty a party member (nine in ten of the adults whose record says 中共党员), two 党员中心户 per grid each
        linked to about ten households of its building, and a few 挂包联系 contacts. Its own random stream: the rest of the demo stays as it was. Returns the
        number of members and of 党员 tags their memberships added."""
        from gridapp.db.models import ResidentTag
        from gridapp.services.party import PartyService

        def member_tags() -> int:
            with self.db.read() as s:
                return s.execute(select(func.count()).select_from(ResidentTag).where(
                    ResidentTag.tag == "党员", ResidentTag.deleted.is_(False))).scalar_one()

        tags_before = member_tags()

        rng = random.Random(f"{self.seed}-party")
        p = PartyService(self.db, install, actor="演示", today=lambda: self.visit_day)
        units = [install, *made]
        with self.db.read() as s:
            levels = dict(s.execute(select(OrgUnit.code, OrgUnit.level).where(OrgUnit.code.in_(units))).tuples().all())
        grids = sorted(c for c in units if levels.get(c) == "grid")
        for code in sorted(units):
            if levels.get(code) == "town":
                p.add_org("党工委", code, secretary_name=self._name(rng.choice("12"), rng))
            elif levels.get(code) == "community":
                p.add_org("党委", code, secretary_name=self._name(rng.choice("12"), rng))
        members = 0
        adult = self.visit_day.replace(year=self.visit_day.year - 22)
        for gi, grid in enumerate(grids):
            branch = p.add_org("党支部", grid, secretary_name=self._name(rng.choice("12"), rng)) \
                if gi < len(grids) - 1 or len(grids) == 1 else None
            with self.db.read() as s:
                buildings = list(s.execute(select(Building.id).where(Building.unit_code == grid)
                                           .order_by(Building.name)).scalars())
                people = list(s.execute(select(Resident.id, Resident.household_id, Resident.birth_date, Household.building_id)
                                        .join(Household, Household.id == Resident.household_id)
                                        .where(Resident.unit_code == grid, Resident.birth_date <= adult)
                                        .order_by(Resident.id)).tuples())
                recorded = set(s.execute(select(Resident.id).where(Resident.unit_code == grid,
                                                                   Resident.political_status == "01")).scalars())
            groups = {b: p.add_org("党小组", grid, building_id=b, secretary_name=self._name(rng.choice("12"), rng))
                      for b in buildings[:2] if branch}
            # the members are residents whose record says 中共党员 (and who carry the 党员 tag); a few of them are
            # left unregistered, so the 党员信息不一致 check has something to show
            chosen = [r for r in people if r[0] in recorded and rng.random() < 0.9]
            for rid, _hid, birth, _b in chosen:
                joined = dt.date(min(birth.year + rng.randint(20, 40), self.visit_day.year - 1), rng.randint(1, 12), 1)
                p.set_member(rid, "预备党员" if rng.random() < 0.05 else "党员", org_id=branch, joined_on=joined)
                members += 1
            used: set[str] = set()
            for rid, hid, _birth, bid in chosen[:2]:
                if hid in used:
                    continue
                cid = p.add_centre(hid, rid, group_id=groups.get(bid) or branch)
                used.add(hid)
                near = [h for h in dict.fromkeys(h for _, h, _, b in people if b == bid) if h not in used][:rng.randint(8, 12)]
                p.link(cid, near)
                used.update(near)
                for h in near[:3]:
                    p.add_contact(h, contact_date=self.visit_day - dt.timedelta(days=rng.randint(1, 60)),
                                  content=rng.choice(["入户了解家庭近况", "宣传社区政策", "看望独居老人", "征求对社区工作的意见"]),
                                  issue=rng.choice([None, None, "楼道照明损坏", "小区门口垃圾清运不及时"]))
        return members, member_tags() - tags_before

    # -- assessment -------------------------------------------------------------------------------
    def _assessment(self, install: str) -> int:
        """考核: every town in the installation's subtree (or the installation itself when it is a community, the
        unit that then assesses its grid workers) sets up this year's grid-worker scheme with the default
        indicators and rule and scores the manual indicators for all but the last grid's last indicator (so the
        page shows a score still to enter); a district (or the city) in the subtree with two or more towns ranks
        them the same way. Through the service, the installation acting for itself; an own random stream
        (`{seed}-assessment`); the year is that of the day of the run."""
        from gridapp.services.assessment import (
            AssessmentService,
            SchemeInput,
            default_indicators,
            default_rule,
        )

        rng = random.Random(f"{self.seed}-assessment")
        run_day = clock.today()
        svc = AssessmentService(self.db, install, today=lambda: run_day, actor="综治中心")
        with self.db.read() as s:
            units = s.execute(select(OrgUnit.code, OrgUnit.name, OrgUnit.level).where(
                OrgUnit.deleted.is_(False), OrgUnit.code.startswith(install)).order_by(OrgUnit.code)).all()
        owners: list[tuple[str, str, str]] = []  # (owner, its name, ranked level)
        for code, name, level in units:
            if level == Level.TOWN.value or (level == Level.COMMUNITY.value and code == install):
                owners.append((code, name, Level.GRID.value))
            if level in (Level.DISTRICT.value, Level.CITY.value):
                below = Level.DISTRICT.value if level == Level.CITY.value else Level.TOWN.value
                if sum(1 for _c, _n, lv in units if lv == below and _c.startswith(code)) >= 2:
                    owners.append((code, name, below))
        made = 0
        for owner, name, target in owners:
            label = "网格员" if target == Level.GRID.value else LEVEL_LABELS_ZH[Level(target)]
            sid = svc.create_scheme(SchemeInput(f"{run_day.year}年{name}{label}绩效考核", str(run_day.year), target,
                                                default_indicators(target), default_rule(target)), owner)
            made += 1
            view = svc.get(sid)
            manual = [i for i in view.indicators if i.manual]
            rows = svc.targets(owner, target)
            for n, (code, _name) in enumerate(rows):
                for m, ind in enumerate(manual):
                    if n == len(rows) - 1 and m == len(manual) - 1 and len(rows) > 1:
                        continue  # one score left to enter
                    svc.set_score(sid, code, ind.key, round(ind.max * rng.uniform(0.6, 1.0), 1))
        return made

    # -- grid tasks ----------------------------------------------------------------------------------
    def _tasks(self, install: str) -> tuple[int, int]:
        """The current period's grid tasks of every grid, generated by rule from the demo affair list, one
        按需 task made by hand in the first grid, and a realistic share done: most of the tasks already due,
        fewer of those still running. An own random stream (`{seed}-tasks`); dates from the day of the run."""
        from gridapp.services.affairs import AffairService
        from gridapp.services.tasks import ON_DEMAND, TaskService

        rng = random.Random(f"{self.seed}-tasks")
        run_day = clock.today()
        svc = TaskService(self.db, install, today=lambda: run_day, actor="网格员")
        svc.generate(install, run_day)
        grids = svc.grids(install)
        if grids:
            first = grids[0][0]
            on_demand = [v for v in AffairService(self.db, install, today=lambda: run_day).in_force(first, run_day)
                         if v.frequency == ON_DEMAND]
            if on_demand:
                svc.actor = "社区综治中心"
                svc.create(on_demand[0].id, first, f"{on_demand[0].name}：{rng.choice(['楼道堆放杂物起火隐患', '小区路面塌陷', '独居老人突发疾病'])}")
        views = sorted(svc.list(install, on=run_day), key=lambda v: (v.unit_code, v.title, v.period_key or ""))
        done = 0
        for v in views:
            share = 0.85 if v.due_date < run_day else 0.4
            if rng.random() >= share:
                continue
            last = min(v.due_date, run_day) if rng.random() < 0.8 else run_day  # most in time, some late
            span = (last - v.period_start).days
            day = v.period_start + dt.timedelta(days=rng.randint(0, max(0, span)))
            svc.actor = f"网格员{rng.choice('张王李赵刘陈杨黄')}{rng.choice('敏强伟芳静磊丽军')}"
            svc.complete(v.id, rng.choice(["已按要求完成，无异常。", "已入户完成，情况已登记。", "已完成，发现问题已上报社区。",
                                           "已完成，相关材料已归档。"]), day)
            done += 1
        return len(views), done

    # -- 八小工程 -------------------------------------------------------------------------------
    def _projects(self, install: str, units: list[str]) -> int:
        """A year of 八小工程 records for the communities and grids (the first DEMO_PROJECT_UNITS), through the
        service (validation, links): conventions and consultations mostly at community level, services, safety
        checks and mediations in the grids; a mediation links one of the grid's disputes, a family motto one of
        its households. Own random stream; dates count back from the day of the run. Fictional names only."""
        from gridapp.services.projects import ProjectInput, SmallProjectService

        rng = random.Random(f"{self.seed}-projects")
        today = clock.today()
        svc = SmallProjectService(self.db, install)
        record_units = [c for c, _n, _l in svc.record_units() if c in set(units)][:DEMO_PROJECT_UNITS]
        made = 0
        for unit in record_units:
            grid = len(unit) == 15
            disputes = svc.dispute_choices(unit) if grid else []
            households = svc.household_choices(unit, limit=40) if grid else []
            staff = self._name(rng.choice("12"), rng)
            place = "社区党群服务中心" if not grid else f"{rng.choice(ROADS)}{rng.randint(1, 300)}号"
            for kind, per_grid, per_community in PROJECT_KINDS:
                low, high = per_grid if grid else per_community
                for _ in range(rng.randint(low, high)):
                    day = today - dt.timedelta(days=rng.randint(0, 364))
                    people = rng.randint(8, 60)
                    kw: dict = {}
                    if kind == "convention":
                        title, text, how = rng.choice(CONVENTIONS)
                        content = f"广泛征求居民意见后，{title}并张贴公示。"
                        kw = {"convention_text": text, "adoption": how, "participants": rng.randint(40, 200)}
                        outcome = "公约已上墙公示，居民知晓率明显提高。"
                    elif kind == "consultation":
                        title, topic, decision = rng.choice(CONSULTATIONS)
                        form = rng.choice(("01", "02", "03", "03", "04"))
                        content = f"围绕“{topic}”组织居民协商，充分听取各方意见。"
                        kw = {"meeting_form": form, "topic": topic, "decision": decision, "participants": people}
                        outcome = "议定事项已公示，按计划推进。"
                    elif kind == "service":
                        stype, title, content = rng.choice(SERVICES)
                        kw = {"service_type": stype, "served": rng.randint(10, 120), "participants": rng.randint(3, 20)}
                        outcome = "居民反映良好。"
                    elif kind == "mediation":
                        title = "邻里纠纷小调解"
                        content = "网格调解小组上门了解情况，组织双方当面沟通，达成谅解。"
                        if disputes and rng.random() < 0.7:
                            did, _number, name = rng.choice(disputes)
                            title, content = f"调解：{name}", f"针对“{name}”组织双方调解，现场达成一致。"
                            kw = {"dispute_id": did}
                        kw["participants"] = rng.randint(2, 6)
                        outcome = "双方握手言和。"
                    elif kind == "safety":
                        title, content = rng.choice(SAFETY)
                        found = rng.randint(0, 8)
                        kw = {"hazards_found": found, "hazards_fixed": rng.randint(max(0, found - 2), found),
                              "participants": rng.randint(3, 15)}
                        outcome = "发现的隐患已当场整改或督促限期整改。"
                    elif kind in ("worthy", "notable"):
                        person = self._name(rng.choice("12"), rng)
                        title = f"{'推选乡贤' if kind == 'worthy' else '宣传身边好人'}：{person}"
                        content = "经居民推荐、网格公示，在宣传栏和微信群宣传其事迹。"
                        kw = {"person_name": person,
                              "deeds": rng.choice(WORTHY_DEEDS if kind == "worthy" else NOTABLE_DEEDS)}
                        outcome = None
                    else:
                        title = "好家训进家庭"
                        content = "入户征集家训，书写装裱后赠送给居民家庭。"
                        kw = {"motto": rng.choice(MOTTOS)}
                        if households and rng.random() < 0.8:
                            hid, address = rng.choice(households)
                            kw["household_id"] = hid
                            title = f"好家训进家庭：{address.split('（')[0]}"
                        outcome = None
                    svc.record(ProjectInput(kind, title[:100], day, content, staff, unit, place,
                                            outcome=outcome, **kw), recorder=f"网格员{staff}", today=today)
                    made += 1
        return made

    # -- disputes -------------------------------------------------------------------------------
    def _disputes(self, install: str, grids: list[str]) -> int:
        """A year of disputes (矛盾纠纷) in the first grids, through the service (numbering, rules): most resolved
        at the first handling, some late, a few escalated or still open past their deadline, a few supervised
        by the installation's office (when it lies above the grid). Own random stream; dates count back from
        the day of the run, like the visits. Fictional names only."""
        from gridapp.services.disputes import DisputeInput, DisputeService

        rng = random.Random(f"{self.seed}-disputes")
        today = clock.today()
        svc = DisputeService(self.db, install)
        above_grid = len(install) < 15
        made = 0
        for grid in [g for g in grids if len(g) == 15][:DEMO_DISPUTE_GRIDS]:
            for _ in range(rng.randint(8, 14)):
                category, name, summary, how = rng.choices(DISPUTE_KINDS, DISPUTE_WEIGHTS)[0]
                occurred = today - dt.timedelta(days=rng.randint(0, 364))
                scale = "01" if rng.random() < 0.85 else "02"
                people = rng.randint(2, 4) if scale == "01" else rng.randint(5, 30)
                parties = "、".join(self._name(rng.choice("12"), rng) for _ in range(2))
                road = rng.choice(ROADS)
                deadline = occurred + dt.timedelta(days=rng.choice((15, 30, 30, 30, 60)))
                did = svc.register(DisputeInput(name.format(road=road), occurred, f"{road}{rng.randint(1, 300)}号",
                                                category, scale, people, summary, parties, deadline, grid),
                                   today=today)
                made += 1
                age = (today - occurred).days
                fate = rng.random()
                org = f"第{int(grid[-3:])}网格人民调解小组" if rng.random() < 0.6 else "社区人民调解委员会"
                mediator = self._name(rng.choice("12"), rng)
                if age < 5 or fate < 0.06:  # still open (new, or stuck past its deadline)
                    if rng.random() < 0.5:
                        svc.start_mediation(did, method=how, org=org, person=mediator, phone=self._phone(rng))
                    if above_grid and age > 20 and rng.random() < 0.7:
                        svc.supervise(did, "请加快化解进度，按时报告结果", on=occurred + dt.timedelta(days=20),
                                      person="综治中心值班员", today=today)
                    continue
                if fate < 0.12:  # could not be resolved here: reported up
                    on = occurred + dt.timedelta(days=rng.randint(1, min(age, 40)))
                    svc.escalate(did, "双方分歧较大，调解未成，报上级综治中心", on=on, today=today)
                    if above_grid and rng.random() < 0.6:
                        svc.supervise(did, "已接报，协调相关部门联合化解", on=on, person="综治中心主任", today=today)
                    continue
                late = fate < 0.18
                span = (deadline - occurred).days
                days = rng.randint(span + 1, span + 20) if late else rng.randint(0, span)
                on = min(occurred + dt.timedelta(days=days), today)
                if above_grid and late and rng.random() < 0.5 and deadline < on:
                    svc.supervise(did, "已超时限，请尽快化解", on=deadline, person="综治中心值班员", today=today)
                svc.resolve(did, success=True, method=how, outcome=rng.choice(DISPUTE_OUTCOMES), on=on, org=org,
                            person=mediator, phone=self._phone(rng), today=today)
                if above_grid and rng.random() < 0.3 and on < today:
                    svc.evaluate(did, rng.choice(("化解及时，当事人满意", "程序规范，材料齐全")),
                                 on=on + dt.timedelta(days=1), today=today)
        return made

    # -- events, patrols and work logs (事件, 巡查走访, 民情日志) ------------------------------------------------
    def _events(self, install: str, grids: list[str]) -> tuple[int, int, int]:
        """For a few grids: a grid worker's patrols and 民情日志 of the last weeks (a few logs commented by
        the grid's community office), and events walked through the real flow (EventService, step by step on
        the days they happened) into every state: new, overdue for acceptance, returned, accepted, in hand,
        overdue in hand with a yellow or red card, an extension asked and one approved, fed back, verified,
        closed awaiting the call-back, closed and called back (满意/基本满意/不满意 reopened) and, when the
        installation lies above the community, escalated to the town. A few events are raised from patrols.
        Own random stream; dates count back from the day of the run. Fictional names and places only."""
        from gridapp.core.permissions import Principal
        from gridapp.domain.worklog import PatrolInput, WorklogInput
        from gridapp.services.events import EventInput, EventService
        from gridapp.services.patrol_events import raise_event
        from gridapp.services.workcalendar import library_calendar
        from gridapp.services.worklog import WorklogService

        rng = random.Random(f"{self.seed}-events")
        run_day = clock.today()
        day_of = {"day": run_day}
        cal = library_calendar()

        def today() -> dt.date:
            return day_of["day"]

        def at(day: dt.date) -> None:
            day_of["day"] = min(day, run_day)

        def svc(unit: str, name: str) -> EventService:
            return EventService(self.db, Principal.system(unit, name), today=today)

        def later(day: dt.date, workdays: int) -> dt.date:
            return min(cal.add_workdays(day, workdays) if workdays else day, run_day)

        events = patrols = worklogs = 0
        # from the second grid on: the first grid's worker starts with an empty patrol list and log (and the
        # tests that try them there do too); an installation of one grid gets them on that grid
        real = [g for g in grids if len(g) == 15]
        for grid in real[1:1 + DEMO_EVENT_GRIDS] or real[:1]:
            community = grid[:12]
            town = grid[:9] if len(install) <= 9 else None
            worker = f"网格员{self._name(rng.choice('12'), rng)}"
            clerk = f"综治中心{self._name(rng.choice('12'), rng)}"
            with self.db.read() as s:
                households = s.execute(select(Household.id, Household.address).where(
                    Household.unit_code == grid).order_by(Household.household_no)).all()
            roads = [r for r in ROADS if any(r in a for _, a in households)] or ROADS
            # the worker's patrols and logs of the last 30 days (working days), a few with issues raised
            patrol_svc = WorklogService(self.db, Principal.system(grid, worker), today=today)
            office_log = WorklogService(self.db, Principal.system(community, clerk), today=today)
            raised = []
            day = run_day - dt.timedelta(days=42)
            while day <= run_day:
                if cal.is_workday(day) and households:
                    at(day)
                    for _ in range(rng.randint(1, 3)):
                        hid, _address = rng.choice(households)
                        situation, issue = rng.choice(PATROL_SITUATIONS)
                        pid = patrol_svc.add_patrol(PatrolInput(hid, day, situation, issue))
                        patrols += 1
                        if issue and rng.random() < 0.3 and (run_day - day).days > 3:
                            raised.append((pid, day, issue))
                    if rng.random() < 0.85:
                        lid = patrol_svc.add_worklog(WorklogInput(day, rng.choice(WORKLOG_LINES).format(
                            n=rng.randint(3, 9))))
                        worklogs += 1
                        if rng.random() < 0.2:
                            office_log.comment(lid, rng.choice(("已阅，注意跟进燃气隐患整改。", "走访记录详实，继续保持。",
                                                                "请把居民诉求及时录入事件上报。")))
                day += dt.timedelta(days=1)
            office = svc(community, clerk)
            handler = svc(grid, worker)
            unhappy: list[str] = []

            def walk(eid: str, fate: str, found: dt.date, age: int, grid: str = grid, office: EventService = office,
                     handler: EventService = handler, unhappy: list[str] = unhappy) -> None:
                """Take the event from its report to `fate`, each step on the working day it happened."""
                if fate in ("reported", "overdue_report"):
                    return
                day = later(found, rng.choice((0, 0, 1)))
                at(day)
                if fate == "returned":
                    office.act(eid, "return", reason="地点描述不清，请补充具体楼号和单元后重新上报。")
                    return
                if fate == "escalated":
                    office.act(eid, "escalate", reason="涉及多个部门，社区无法协调，报街道综治中心。")
                    return
                office.act(eid, "accept", note="已受理。")
                if fate == "accepted":
                    return
                office.act(eid, "dispatch", to=grid, note="请网格员联系相关单位处置并反馈。")
                if fate == "overdue":  # past its limit, pressed with a yellow or red card
                    at(later(day, 6))
                    office.act(eid, "supervise", level=rng.choice("23"), opinion="已超办理时限，请加快处置并报告进展。")
                    return
                if fate == "dispatched":
                    return
                if fate in ("extension_asked", "extended"):
                    at(later(day, 2))
                    handler.act(eid, "extend", days=rng.choice((3, 5)), reason="需等待燃气公司上门维修，请求延期。")
                    if fate == "extended":
                        at(later(day, 3))
                        office.act(eid, "extend_ok", opinion="同意延期。")
                    return
                late = age > 15 and rng.random() < 0.15  # handled past its limit now and then
                done = later(day, rng.randint(6, 9) if late else rng.randint(1, 4))
                at(done)
                handler.act(eid, "handle", feedback="已联系相关单位到场处置，问题已解决，现场已拍照留存。")
                if fate == "fed_back":
                    return
                done = later(done, rng.choice((0, 1)))
                at(done)
                office.act(eid, "verify_ok", opinion="经现场核实，处置到位。")
                if fate == "verified":
                    return
                office.act(eid, "close", outcome="问题已解决，予以结案。")
                if fate == "closed":
                    return
                at(later(done, rng.randint(1, 3)))
                if fate == "reopened":
                    handler.act(eid, "callback", satisfaction="3", reason="问题反复出现，居民不满意。")
                    office.act(eid, "reopen", reason="回访不满意，重新交办处置。")
                    return
                sat = rng.choices("123", (70, 22, 8))[0] if unhappy else "3"
                unhappy.append(eid)  # one 不满意 per grid at least (kept, not reopened)
                if sat == "3":
                    handler.act(eid, "callback", satisfaction=sat, reason="处置时间太长，居民不太满意。",
                                note="电话回访，已做好解释。")
                else:
                    handler.act(eid, "callback", satisfaction=sat, note="电话回访，居民认可处置结果。")

            for pid, day, issue in raised[:3]:
                at(day)
                eid = raise_event(patrol_svc, handler, pid, class_code="03" if "燃气" in issue else "04",
                                  title=issue[:30].rstrip("。，"))
                events += 1
                age = (run_day - day).days
                walk(eid, "called_back" if age > 12 else "dispatched", day, age)

            # events in every state
            fates = [f for f, n in EVENT_FATES for _ in range(n)]
            for fate in fates:
                if fate == "escalated" and town is None:
                    continue
                cls, sub, title, what = rng.choice(EVENT_KINDS)
                road = rng.choice(roads)
                no = rng.randint(1, 120)
                source = rng.choices(("01", "02", "03", "04", "05", "06"), (10, 3, 2, 2, 1, 1))[0]
                if fate in ("reported",):
                    age = rng.randint(0, 1)
                elif fate in ("dispatched", "extension_asked", "fed_back", "verified", "accepted", "extended"):
                    age = rng.randint(2, 6)
                elif fate == "overdue_report":
                    age = rng.randint(5, 10)
                elif fate == "overdue":
                    age = rng.randint(15, 30)
                else:
                    age = rng.randint(8, 120)
                found = run_day - dt.timedelta(days=age)
                at(found)
                eid = handler.report(EventInput(
                    class_code=cls, subclass=sub, title=title.format(road=road, no=no)[:100],
                    description=what.format(road=road), place=f"{road}{no}号", found_on=found,
                    urgency="2" if rng.random() < 0.15 else "1", source=source,
                    work_order=f"{found:%Y%m%d}{rng.randint(1000, 9999)}" if source == "04" else None,
                    unit_code=grid))
                events += 1
                walk(eid, fate, found, age)
        day_of["day"] = run_day
        return events, patrols, worklogs

    # -- the affair list ------------------------------------------------------------------------
    def _affairs(self, install: str, made: list[str]) -> int:
        """A realistic affair list (网格事务清单) for the demo town and its first community, in every state of
        the admission workflow, walked through the real service step by step (so the history is real).

        The names, departments and states come from the seed (an own random stream: the people stay the same);
        the dates are counted back from the day the demo runs, so that the admitted items are in force and the
        temporary item's period covers the day the demo is looked at."""
        from gridapp.services.affairs import MIN_PUBLICITY_DAYS, AffairInput, AffairService

        units = [install, *made]
        town = next((c for c in units if len(c) == 9), None)
        community = next((c for c in units if len(c) == 12), None)
        if town is None and community is None:
            return 0
        rng = random.Random(f"{self.seed}-affairs")
        run_day = clock.today()
        day_of = {"day": run_day}
        count = 0

        approver = {town: "综治中心 王敏", community: "社区党委 李军"}

        def at(days_ago: int) -> None:
            day_of["day"] = run_day - dt.timedelta(days=days_ago)

        def walk(unit: str, spec: tuple, state: str, start: int) -> str:
            nonlocal count
            name, dept, basis, duty, freq, limit, data = spec
            svc = AffairService(self.db, unit, today=lambda: day_of["day"], actor=dept)
            at(start)
            item = svc.apply(AffairInput(name=name, department=dept, basis=basis, duty=duty, frequency=freq,
                                         deadline_days=limit, required_data=data))
            count += 1
            if state == "applied":
                return item
            svc.actor = approver[unit]
            at(start - rng.randint(2, 6))
            if state == "rejected":
                svc.review(item, approve=False, opinion="属于部门自身职责，不宜交由网格员承担，请部门自行落实。")
                return item
            svc.review(item, approve=True, opinion=rng.choice(
                ["符合准入条件，同意公示。", "依据充分，职责清晰，同意。", "经评估，同意纳入网格事务清单。"]))
            if state == "reviewed":
                return item
            pub = day_of["day"] + dt.timedelta(days=1)
            at((run_day - pub).days)
            end = pub + dt.timedelta(days=MIN_PUBLICITY_DAYS + rng.randint(0, 2) - 1)
            svc.publish(item, pub, end)
            if state == "published":
                return item
            at((run_day - end).days - 1)
            svc.admit(item)
            return item

        if town is not None:
            for spec, state, start in (
                (("政策宣传", "镇党政办", "《中华人民共和国宪法》及上级宣传工作部署", "向居民宣传政策法规、惠民政策，张贴、发放宣传材料",
                  "03", 10, "宣传对象户数、宣传形式"), "admitted", 300),
                (("人口信息采集", "镇派出所", "《居住证暂行条例》", "采集、核实实有人口、户和出租房屋信息，变动及时更新",
                  "03", 5, "实有人口、户、房屋信息"), "admitted", 290),
                (("矛盾纠纷排查", "镇综治中心", "《人民调解法》", "排查邻里、家庭等矛盾纠纷，能化解的就地化解，不能化解的及时上报",
                  "02", 3, "纠纷当事人、类别、化解情况"), "admitted", 285),
                (("安全隐患排查", "镇应急管理办", "《安全生产法》", "排查消防、燃气、房屋等安全隐患，发现后拍照上报并跟踪整改",
                  "03", 2, "隐患位置、类别、照片"), "admitted", 280),
                (("突发事件报告", "镇应急管理办", "《突发事件应对法》", "发现火灾、险情、群体性事件等突发情况立即报告",
                  "06", 1, "事件时间、地点、概况"), "admitted", 270),
                (("代办帮办", "镇便民服务中心", "市“一次办好”改革要求", "为老年人、残疾人等代办社保、医保认证等事项",
                  "06", 5, "代办事项、服务对象"), "published", 8),
                (("企业安全生产检查", "镇安监站", "《安全生产法》", "检查辖区企业安全生产台账", "03", 5, "企业名录"),
                 "rejected", 40),
                (("老年人防诈骗宣传", "镇派出所", "公安部反诈工作部署", "入户向老年人讲解常见诈骗手法", "04", 15, "宣传户数"),
                 "reviewed", 6),
                (("垃圾分类督导", "镇城管办", "《山东省生活垃圾管理条例》", "督导居民分类投放", "02", 7, "督导点位"),
                 "applied", 2),
            ):
                walk(town, spec, state, start)
            # an admitted item adjusted later: the old version ended the day before the new one took effect
            care = ("特殊人群关爱", "镇民政办", "《社会救助暂行办法》", "走访独居老人、困境儿童等关爱对象，记录需求并反馈",
                    "03", 7, "关爱对象名单、走访记录")
            old = walk(town, care, "admitted", 260)
            svc = AffairService(self.db, town, today=lambda: day_of["day"], actor="镇民政办")
            at(60)
            new = svc.adjust(old, AffairInput(name=care[0], department=care[1], basis=care[2],
                                              duty="每月至少走访一次独居老人、困境儿童等关爱对象，记录需求并反馈",
                                              frequency="03", deadline_days=5, required_data=care[6]))
            count += 1
            svc.actor = approver[town]
            at(55)
            svc.review(new, approve=True, opinion="走访频次明确，时限缩短合理，同意。")
            at(54)
            svc.publish(new, day_of["day"], day_of["day"] + dt.timedelta(days=MIN_PUBLICITY_DAYS + 1))
            at(54 - MIN_PUBLICITY_DAYS - 2)
            svc.admit(new)
            # an item withdrawn (退出) after it had been in force
            draft = walk(town, ("征兵宣传", "镇武装部", "《兵役法》", "协助发放征兵宣传资料", "05", 10, "适龄青年名单"),
                         "admitted", 250)
            at(30)
            svc.withdraw(draft, day_of["day"], "征兵宣传改由武装部直接开展，退出网格事务清单")
            # an urgent temporary item, admitted with the grid body's consent for a stated period
            at(3)
            svc.actor = "镇应急管理办"
            tmp = svc.apply(AffairInput(
                name="冬季燃气安全排查", department="镇应急管理办", basis="市安委会冬季安全生产部署",
                duty="入户检查燃气软管、报警器，发现隐患立即上报", frequency="01", deadline_days=1,
                required_data="检查户数、隐患情况", temporary=True, valid_from=day_of["day"] + dt.timedelta(days=1),
                valid_to=day_of["day"] + dt.timedelta(days=45)))
            count += 1
            svc.actor = approver[town]
            at(2)
            svc.review(tmp, approve=True, opinion="情况紧急，同意临时增加，期满自动失效。")
            svc.admit(tmp)
        if community is not None:
            walk(community, ("居民议事会通知", "社区居委会", "《城市居民委员会组织法》", "通知居民参加议事会并记录意见",
                             "04", 3, "参会居民名单"), "admitted", 200)
            walk(community, ("空巢老人巡访", "社区卫生服务站", "基本公共卫生服务规范", "协助随访空巢老人健康状况",
                             "03", 5, "老人名单"), "applied", 1)
        day_of["day"] = run_day
        return count
