import { createWeightedTable, type Rng } from './random.ts';

/**
 * Chinese personal names for the demo bank. Surnames follow the national frequency ranking (weights
 * roughly per 10,000 people, 2020 census order), so 王/李/张 dominate as they do in any real roster.
 * Given names come from whole curated names per generation rather than free character combinations:
 * a 1955 customer is a 秀英 or a 建国, a 2000 one a 梓涵 or a 浩然, and no silly pairing appears.
 */
const SURNAME_WEIGHTS =
  '王710 李700 张670 刘540 陈460 杨310 黄220 赵200 吴190 周190 徐130 孙130 马110 朱110 胡100 郭97 何90 ' +
  '林80 高80 罗80 郑70 梁70 谢60 宋55 唐55 许55 韩50 冯50 邓50 曹50 彭48 曾45 肖45 田45 董43 袁40 ' +
  '潘40 于40 蒋38 蔡38 余38 杜37 叶37 程36 苏35 魏35 吕35 丁33 任33 沈32 姚30 卢30 姜30 崔29 钟28 ' +
  '谭28 陆27 汪26 范26 金25 石25 廖24 贾23 夏22 韦22 付21 方21 白20 邹20 孟20 熊19 秦19 邱19 江19 ' +
  '尹18 薛18 闫17 段17 雷17 侯16 龙16 史16 陶15 黎15 贺15 顾15 毛14 郝14 龚14 邵14 万13 钱13 严13 ' +
  '覃12 武12 戴12 莫11 孔11 向11 汤11 常11 温10 康10 施10 文10 牛9 樊9 葛9 邢9 安8 齐8 易8 乔8 伍8 ' +
  '庞8 颜7 倪7 庄7 聂7 章7 鲁6 岳6 翟6 殷6 詹6 申6 耿5 关5 兰5 焦5 俞5 左5 柳5 甘5 祝5 包4 宁4 尚4 ' +
  '符4 舒4 阮4 柯4 纪4 梅4 童4 凌4 毕4 单3 季3 裴3 霍3 涂3 成3 苗3 谷3 盛3 曲3 翁3 冉3 骆3 蓝3 路3 ' +
  '游3 辛3 靳3 管3 柴3 蒙2 鲍2 华2 喻2 祁2 蒲2 房2 滕2 屈2 饶2 牟2 艾2 尤2 时2 穆2 司2 卓2 古2 吉2 ' +
  '缪2 简2 车2 项2 连2 麦2 褚2 娄2 窦2 戚2 岑2 景2 党2 宫2 费2 卜2 冷2 晏2 席2 卫2 柏2 宗2 瞿2 桂2 ' +
  '佟2 应2 臧2 闵2 邬2 边2 卞2 姬2 师2 栾2 隋2 商2 沙2 荣2 寇2 桑2 郎2 甄2 丛2 仲2 虞2 敖2 巩2 池2 ' +
  '欧阳1.2 司马0.5 上官0.4 诸葛0.3 司徒0.4 皇甫0.2';

export type Gender = 'male' | 'female';
/** The naming fashion of a birth cohort: before ~1965, ~1965–1989, from ~1990. */
export type NameEra = 'old' | 'mid' | 'young';

interface GivenNamePool {
  /** Share of one-character given names (李娜, 王伟), commoner in older cohorts. */
  singleShare: number;
  single: readonly string[];
  double: readonly string[];
}

const words = (text: string): string[] => text.split(' ');
const chars = (text: string): string[] => [...text];

const GIVEN_NAMES: Record<Gender, Record<NameEra, GivenNamePool>> = {
  male: {
    old: {
      singleShare: 0.25,
      single: chars('军强明华勇刚平斌林杰涛兵辉成忠'),
      double: words(
        '建国 建华 国强 国庆 卫东 卫国 建军 志强 志刚 文华 德明 振华 永明 建平 国平 文斌 长林 树林 金山 福生 ' +
          '宝山 学军 新民 立新 胜利 建民 志明 德胜 家明 永福 春生 海涛 庆丰 国华 玉成 世杰 德华 明德 守信 忠良',
      ),
    },
    mid: {
      singleShare: 0.22,
      single: chars('伟磊勇军杰涛斌超鹏强峰辉亮刚波浩宁凯'),
      double: words(
        '志强 海涛 建伟 晓东 伟民 俊杰 明辉 志勇 文杰 振宇 海峰 永刚 卫华 立伟 国栋 晓峰 志伟 文斌 建新 鹏飞 ' +
          '海波 宏伟 俊峰 晓光 东升 学文 家豪 子健 永强 剑锋 立军 云峰 春雷 明亮 志远 俊华 思远 晓明 海军 红兵',
      ),
    },
    young: {
      singleShare: 0.1,
      single: chars('浩宇轩博昊睿凯晨航哲鑫磊阳毅'),
      double: words(
        '子轩 浩然 宇轩 梓豪 俊熙 浩宇 子豪 宇航 博文 天宇 明轩 思远 一鸣 文博 嘉豪 泽宇 晨阳 皓轩 俊杰 家乐 ' +
          '子墨 雨泽 奕辰 浩轩 宇豪 致远 逸飞 昊天 鹏程 天佑 锦程 梓睿 铭轩 星宇 振宇 一凡 宇辰 俊宇 嘉树 景行',
      ),
    },
  },
  female: {
    old: {
      singleShare: 0.2,
      single: chars('英兰芳珍霞琴梅萍红敏丽静云娟'),
      double: words(
        '秀英 桂英 秀兰 玉兰 桂兰 凤英 秀珍 玉珍 淑珍 淑芬 桂芳 玉梅 秀梅 丽华 金凤 玉华 素珍 翠兰 春花 美华 ' +
          '凤兰 淑英 红梅 月英 桂香 玉芳 淑华 素芬 秀云 秀芳 爱华 爱玲 丽英 惠芳 素英 玉琴 桂珍 淑兰 慧敏 雪英',
      ),
    },
    mid: {
      singleShare: 0.2,
      single: chars('敏静丽娟艳燕霞芳娜婷琳洁颖红萍莉倩丹'),
      double: words(
        '丽娟 秀梅 晓燕 海燕 春燕 丽萍 美玲 雪梅 艳红 晓红 丽丽 晓丽 红霞 慧敏 海霞 玉洁 晓静 秀丽 丽娜 红艳 ' +
          '文静 晓梅 丽君 雅琴 晓慧 春梅 丽芳 晓琳 晓雯 佳丽 海英 彩霞 素梅 婷婷 晓玲 雪莲 雅丽 静文 丹丹 小琴',
      ),
    },
    young: {
      singleShare: 0.08,
      single: chars('婷颖琪悦欣璐瑶菲琳倩妍蕾洁雯'),
      double: words(
        '欣怡 梓涵 子涵 雨桐 思涵 诗涵 一诺 佳怡 可馨 梦琪 雨欣 欣妍 紫涵 语嫣 思彤 佳琪 心怡 雅琪 诗琪 静怡 ' +
          '悦彤 若汐 梓萱 雨萱 晨曦 芷若 晓彤 思雨 嘉怡 美琳 梦瑶 婉婷 雅婷 佳慧 梦洁 雪莹 若曦 依诺 可欣 书瑶',
      ),
    },
  },
};

/**
 * Real names that read as jokes (杜子腾 "stomach ache", 杨伟 "impotence", 范剑 …); a generated roster
 * shown on a leadership wall must not contain them.
 */
const AWKWARD_NAMES = new Set(words('杜子腾 杨伟 范剑 史珍 吴德 朱逸群 秦寿生 庞光 杜琦燕 范统 魏生津 姬从良 胡丽 沈京 杨光'));

const surnameTable = createWeightedTable(
  SURNAME_WEIGHTS.split(' ').map((entry) => {
    const match = /^(\D+)([\d.]+)$/.exec(entry);
    if (!match) throw new Error(`bad surname weight entry: ${entry}`);
    return [match[1] as string, Number(match[2])] as const;
  }),
);

export function pickSurname(rng: Rng): string {
  return surnameTable.draw(rng);
}

export function pickChineseName(rng: Rng, gender: Gender, era: NameEra): string {
  const pool = GIVEN_NAMES[gender][era];
  for (;;) {
    const surname = pickSurname(rng);
    // A compound surname with a one-character given name (欧阳娜) is rare; keep them two-character.
    const isSingle = surname.length === 1 && rng.chance(pool.singleShare);
    const given = isSingle ? rng.pick(pool.single) : rng.pick(pool.double);
    if (given.includes(surname)) continue;
    const name = surname + given;
    if (!AWKWARD_NAMES.has(name)) return name;
  }
}

/** Naming fashion from a birth year. */
export function nameEraOf(birthYear: number): NameEra {
  return birthYear < 1965 ? 'old' : birthYear < 1990 ? 'mid' : 'young';
}
