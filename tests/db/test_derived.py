"""gridapp.db.derived: the pinyin keys of a name are exactly pypinyin's reading, however they are computed."""

from __future__ import annotations

from faker import Faker
from pypinyin import lazy_pinyin

from gridapp.db import derived


def reference(name: str) -> tuple[str, str]:
    return derived._keys_of(lazy_pinyin(name))


def test_name_keys_read_names_as_pypinyin_does():
    fake = Faker("zh_CN")  # generated names, not real people
    fake.seed_instance(11)
    names = [fake.name() for _ in range(3000)] + [fake.last_name() + fake.first_name() + fake.first_name()[-1]
                                                  for _ in range(2000)]
    # names that contain a phrase of pypinyin's dictionary, polyphonic surnames, non-Han characters
    names += ["重庆", "单田芳", "曾国藩", "解放", "长孙无忌", "阿依古丽·买买提", "张三a", "李 四", "银行", "朝阳",
              "乐乐", "音乐家", "覃", "𠀀", "张"]
    derived.name_keys.cache_clear()
    derived._char_syllable.clear()
    assert [derived.name_keys(n) for n in names] == [reference(n) for n in names]
    assert derived.name_keys("张三") == ("zhangsan", "zs") and derived.name_keys("") == ("", "")
