/**
 * Real cities, districts (with their GB/T 2260 codes, which open every resident ID number) and
 * streets for the demo bank's 分行 / 支行 / 网点. Cities are ordered by how likely a national bank
 * is to have a 分行 there, so `branchOffices: 12` still gives the big, recognisable ones.
 *
 * A spot is either a street ("建国路") or a landmark with the street its outlet stands on
 * ("国贸|建国门外大街"): outlets are named after the landmark and addressed on the street.
 */
export interface DistrictPlace {
  /** As used in unit names: 北京朝阳支行, 北京朝阳建国路网点. */
  short: string;
  /** As written in addresses: 朝阳区. */
  full: string;
  nameEn: string;
  /** GB/T 2260 county-level code. */
  adcode: string;
  spots: readonly { label: string; street: string }[];
}

export interface CityPlace {
  /** Two-letter unit code prefix: BJ, SH, GZ … */
  code: string;
  /** 北京, 广州 */
  name: string;
  nameEn: string;
  /** Address prefix: 北京市 for a municipality, 广东省广州市 otherwise. */
  addressPrefix: string;
  /** Relative size: how many outlets the 分行 runs, before seeded jitter. */
  outlets: number;
  districts: readonly DistrictPlace[];
}

function district(short: string, full: string, nameEn: string, adcode: string, spots: string): DistrictPlace {
  return {
    short,
    full,
    nameEn,
    adcode,
    spots: spots.split(' ').map((spot) => {
      const [label, street] = spot.split('|') as [string, string | undefined];
      return { label, street: street ?? label };
    }),
  };
}

export const CITIES: readonly CityPlace[] = [
  { code: 'BJ', name: '北京', nameEn: 'Beijing', addressPrefix: '北京市', outlets: 30, districts: [
    district('朝阳', '朝阳区', 'Chaoyang', '110105', '建国路 国贸|建国门外大街 三里屯|三里屯路 望京|望京街 朝阳门外大街 亚运村|安立路 酒仙桥路 朝阳北路 双井|广渠路 工体北路 劲松|劲松南路'),
    district('海淀', '海淀区', 'Haidian', '110108', '中关村|中关村大街 五道口|成府路 学院路 知春路 万柳|万泉河路 紫竹院|紫竹院路 上地|上地信息路 公主坟|复兴路 苏州街 魏公村|中关村南大街 清河|清河中街'),
    district('东城', '东城区', 'Dongcheng', '110101', '王府井|王府井大街 东直门|东直门内大街 崇文门|崇文门外大街 东四|东四北大街 和平里|和平里东街 雍和宫|雍和宫大街 安定门|安定门外大街 天坛|天坛路 东单|东单北大街 朝阳门北大街'),
    district('西城', '西城区', 'Xicheng', '110102', '金融街 西单|西单北大街 复兴门|复兴门内大街 阜成门|阜成门外大街 德胜门|德胜门外大街 月坛|月坛北街 广安门|广安门内大街 西直门|西直门内大街 展览路 宣武门|宣武门外大街'),
    district('丰台', '丰台区', 'Fengtai', '110106', '丰台北路 方庄|蒲芳路 丽泽|丽泽路 马家堡|马家堡东路 宋家庄|宋家庄路 总部基地|南四环西路 大红门|南苑路 右安门|右安门外大街 角门|角门路'),
  ] },
  { code: 'SH', name: '上海', nameEn: 'Shanghai', addressPrefix: '上海市', outlets: 30, districts: [
    district('浦东', '浦东新区', 'Pudong', '310115', '陆家嘴|陆家嘴环路 世纪大道 张江|张江路 金桥|金桥路 花木|花木路 东方路 塘桥|浦东南路 潍坊|潍坊路 川沙|川沙路 外高桥|杨高北路 三林|三林路 源深路'),
    district('黄浦', '黄浦区', 'Huangpu', '310101', '南京东路 外滩|中山东一路 人民广场|西藏中路 淮海中路 新天地|马当路 豫园|方浜中路 打浦桥|徐家汇路 老西门|复兴中路 董家渡|中山南路 瑞金二路'),
    district('徐汇', '徐汇区', 'Xuhui', '310104', '徐家汇|漕溪北路 衡山路 漕河泾|宜山路 田林|田林路 龙华|龙华中路 肇嘉浜路 天钥桥路 虹梅路 康健|桂林路 华泾|龙吴路'),
    district('静安', '静安区', "Jing'an", '310106', '南京西路 静安寺|华山路 曹家渡|万航渡路 大宁|广中西路 共和新路 江宁路 天目西路 北京西路 西藏北路 延长中路'),
    district('长宁', '长宁区', 'Changning', '310105', '中山公园|长宁路 虹桥|虹桥路 天山路 古北|古北路 娄山关路 愚园路 延安西路 北新泾|天山西路 新华路 遵义路'),
  ] },
  { code: 'GZ', name: '广州', nameEn: 'Guangzhou', addressPrefix: '广东省广州市', outlets: 24, districts: [
    district('天河', '天河区', 'Tianhe', '440106', '天河路 体育西路 珠江新城|花城大道 石牌|石牌东路 天河北路 五山|五山路 天河公园|黄埔大道西 林和西路 员村|员村二横路 车陂|车陂路 龙口|龙口西路'),
    district('越秀', '越秀区', 'Yuexiu', '440104', '北京路 农讲所|中山四路 东风中路 环市东路 淘金|淘金路 解放北路 东山口|署前路 海珠广场|一德路 流花|人民北路 越秀北路'),
    district('海珠', '海珠区', 'Haizhu', '440105', '江南大道中 工业大道 滨江东路 昌岗|昌岗中路 琶洲|新港东路 客村|新港中路 宝岗大道 晓港|江南大道南 南洲路'),
    district('番禺', '番禺区', 'Panyu', '440113', '番禺大道 市桥|光明北路 迎宾路 万博|汉溪大道东 清河东路 南村|兴南大道 兴业大道 大学城|外环东路'),
  ] },
  { code: 'SZ', name: '深圳', nameEn: 'Shenzhen', addressPrefix: '广东省深圳市', outlets: 24, districts: [
    district('福田', '福田区', 'Futian', '440304', '深南大道 福华一路 华强北|华强北路 车公庙|泰然九路 香蜜湖|香梅路 景田|景田路 梅林|梅林路 益田路 彩田路 皇岗路'),
    district('南山', '南山区', 'Nanshan', '440305', '科技园|科苑路 南山大道 后海|海德三道 蛇口|太子路 前海|梦海大道 华侨城|侨香路 西丽|留仙大道 桃园路 创业路 沙河西路'),
    district('罗湖', '罗湖区', 'Luohu', '440303', '东门|解放路 国贸|人民南路 蔡屋围|深南东路 红岭中路 笋岗|宝安北路 黄贝岭|沿河北路 翠竹路 东晓路 春风路 莲塘|罗沙路'),
    district('宝安', '宝安区', "Bao'an", '440306', '宝安大道 新湖路 创业一路 前进一路 建安一路 西乡|西乡大道 沙井|新沙路 福永|福永大道 松岗|松白路'),
  ] },
  { code: 'HZ', name: '杭州', nameEn: 'Hangzhou', addressPrefix: '浙江省杭州市', outlets: 20, districts: [
    district('西湖', '西湖区', 'Xihu', '330106', '文三路 黄龙|曙光路 文二路 学院路 天目山路 教工路 留下|留和路 紫金港|紫金港路 翠苑|文一路'),
    district('上城', '上城区', 'Shangcheng', '330102', '解放路 延安路 庆春路 钱江新城|富春路 南宋御街|中山中路 望江|望江路 近江|秋涛路 清泰街 凯旋路'),
    district('拱墅', '拱墅区', 'Gongshu', '330105', '武林|体育场路 湖墅南路 大关|大关路 莫干山路 潮王路 上塘路 石祥路 和睦|和睦路 运河|丽水路'),
    district('滨江', '滨江区', 'Binjiang', '330108', '江南大道 滨盛路 江汉路 长河路 浦沿路 物联网街 网商路 滨和路'),
  ] },
  { code: 'NJ', name: '南京', nameEn: 'Nanjing', addressPrefix: '江苏省南京市', outlets: 18, districts: [
    district('玄武', '玄武区', 'Xuanwu', '320102', '中山路 珠江路 北京东路 龙蟠中路 太平北路 长江路 大行宫|中山东路 孝陵卫|中山门大街 中央路 黄埔路'),
    district('鼓楼', '鼓楼区', 'Gulou', '320106', '中山北路 湖南路 鼓楼|北京西路 山西路 汉中门大街 虎踞路 草场门大街 江东北路 宁海路 定淮门大街'),
    district('秦淮', '秦淮区', 'Qinhuai', '320104', '新街口|中山南路 夫子庙|贡院街 太平南路 中华路 白下路 洪武路 光华路 大明路 升州路'),
    district('建邺', '建邺区', 'Jianye', '320105', '河西|江东中路 奥体|梦都大街 庐山路 水西门大街 集庆门大街 所街 嘉陵江东街 乐山路 兴隆大街'),
  ] },
  { code: 'CD', name: '成都', nameEn: 'Chengdu', addressPrefix: '四川省成都市', outlets: 20, districts: [
    district('锦江', '锦江区', 'Jinjiang', '510104', '春熙路 红星路 东大街 总府路 锦华路 水碾河|水碾河路 合江亭|滨江中路 华兴正街 督院街'),
    district('青羊', '青羊区', 'Qingyang', '510105', '人民中路 蜀都大道 宽窄巷子|长顺上街 太升南路 草堂|青华路 光华|光华大道 清江东路 八宝街 西御街'),
    district('武侯', '武侯区', 'Wuhou', '510107', '人民南路 武侯祠大街 科华北路 玉林|玉林南路 桐梓林|桐梓林北路 倪家桥路 小天竺街 高升桥路'),
    district('成华', '成华区', 'Chenghua', '510108', '建设路 府青路 猛追湾|猛追湾街 二仙桥|二仙桥东路 杉板桥路 双林路 新鸿路 建设北路'),
    district('金牛', '金牛区', 'Jinniu', '510106', '营门口|营门口路 一品天下|一品天下大街 沙湾|沙湾路 人民北路 蜀汉路 解放路 马鞍北路 抚琴|抚琴西路'),
  ] },
  { code: 'WH', name: '武汉', nameEn: 'Wuhan', addressPrefix: '湖北省武汉市', outlets: 18, districts: [
    district('江汉', '江汉区', 'Jianghan', '420103', '解放大道 江汉路 中山大道 香港路 唐家墩|唐家墩路 新华路 建设大道 青年路 菱角湖|万松园路'),
    district('武昌', '武昌区', 'Wuchang', '420106', '中南路 徐东大街 和平大道 中北路 武珞路 积玉桥|临江大道 彭刘杨路 首义|首义路 水果湖|东湖路 紫阳路'),
    district('洪山', '洪山区', 'Hongshan', '420111', '光谷|珞喻路 街道口|武珞路 雄楚大道 关山大道 民族大道 卓刀泉|卓刀泉南路 鲁磨路 书城路'),
    district('江岸', '江岸区', "Jiang'an", '420102', '沿江大道 胜利街 黄浦大街 后湖|后湖大道 二七|二七路 台北路 三阳路 球场街'),
  ] },
  { code: 'XA', name: '西安', nameEn: "Xi'an", addressPrefix: '陕西省西安市', outlets: 16, districts: [
    district('雁塔', '雁塔区', 'Yanta', '610113', '小寨|长安中路 大雁塔|雁塔南路 高新|高新路 科技路 电子正街 曲江|芙蓉西路 含光路 朱雀大街 太白南路 丈八东路'),
    district('碑林', '碑林区', 'Beilin', '610103', '南大街 东大街 和平路 友谊东路 李家村|雁塔北路 南稍门|长安北路 建国路 文艺路 东关|东关正街'),
    district('新城', '新城区', 'Xincheng', '610102', '解放路 东五路 长乐中路 胡家庙|金花北路 西一路 尚勤路 北大街 韩森寨|韩森路 康复路'),
    district('未央', '未央区', 'Weiyang', '610112', '凤城五路 张家堡|文景路 未央路 大明宫|太华北路 明光路 凤城八路 朱宏路 开元路'),
  ] },
  { code: 'CQ', name: '重庆', nameEn: 'Chongqing', addressPrefix: '重庆市', outlets: 20, districts: [
    district('渝中', '渝中区', 'Yuzhong', '500103', '解放碑|民族路 朝天门|新华路 大坪|大坪正街 两路口|中山一路 上清寺|人民路 七星岗|和平路 邹容路 较场口|中兴路 长江一路'),
    district('江北', '江北区', 'Jiangbei', '500105', '观音桥|建新北路 建新东路 北城天街 红旗河沟|红锦大道 五里店|五红路 北滨一路 洋河|洋河一路 江北嘴|江北城西大街'),
    district('九龙坡', '九龙坡区', 'Jiulongpo', '500107', '杨家坪|杨家坪正街 谢家湾|谢家湾正街 石桥铺|石杨路 黄桷坪|黄桷坪正街 二郎|科园一路 石坪桥|石坪桥正街 西郊路 袁家岗|渝州路'),
    district('南岸', '南岸区', "Nan'an", '500108', '南坪|南城大道 江南大道 南滨路 四公里|学府大道 铜元局|铜元局正街 茶园|通江大道 弹子石|弹子石正街'),
    district('沙坪坝', '沙坪坝区', 'Shapingba', '500106', '沙坪坝正街 小龙坎|小龙坎正街 磁器口|磁器口正街 大学城|大学城中路 天星桥|天星桥正街 汉渝路 凤天大道 西永|西永大道'),
  ] },
  { code: 'TJ', name: '天津', nameEn: 'Tianjin', addressPrefix: '天津市', outlets: 16, districts: [
    district('和平', '和平区', 'Heping', '120101', '南京路 滨江道 营口道 解放北路 小白楼|曲阜道 劝业场|和平路 成都道 西康路 五大道|马场道 大沽北路'),
    district('南开', '南开区', 'Nankai', '120104', '鞍山西道 黄河道 长江道 卫津路 红旗南路 白堤路 水上公园|水上公园北道 古文化街|东马路 南门外大街 复康路'),
    district('河西', '河西区', 'Hexi', '120103', '友谊路 围堤道 黑牛城道 解放南路 大沽南路 小海地|洞庭路 紫金山路 梅江|卫津南路'),
    district('滨海', '滨海新区', 'Binhai', '120116', '塘沽|解放路 开发区|第三大街 泰达|第二大街 中新生态城|中新大道 上海道 大港|世纪大道 汉沽|新开中路'),
  ] },
  { code: 'QD', name: '青岛', nameEn: 'Qingdao', addressPrefix: '山东省青岛市', outlets: 14, districts: [
    district('市南', '市南区', 'Shinan', '370202', '香港中路 中山路 东海西路 山东路 延安三路 湛山|湛山二路 五四广场|澳门路 南京路 漳州路'),
    district('市北', '市北区', 'Shibei', '370203', '台东|台东三路 辽宁路 延吉路 敦化路 合肥路 宁夏路 浮山后|福州北路 四方|四流南路 人民路'),
    district('崂山', '崂山区', 'Laoshan', '370212', '石老人|香港东路 麦岛|东海东路 海尔路 株洲路 松岭路 深圳路 苗岭路 沙子口|崂山路'),
    district('黄岛', '黄岛区', 'Huangdao', '370211', '长江中路 香江路 井冈山路 珠江路 江山中路 薛家岛|嘉陵江东路 武夷山路 峨眉山路'),
  ] },
  { code: 'CS', name: '长沙', nameEn: 'Changsha', addressPrefix: '湖南省长沙市', outlets: 14, districts: [
    district('芙蓉', '芙蓉区', 'Furong', '430102', '五一大道 解放西路 韶山北路 八一路 芙蓉中路 车站北路 晚报大道 蔡锷中路 马王堆|马王堆中路'),
    district('天心', '天心区', 'Tianxin', '430103', '坡子街 黄兴南路 书院路 劳动西路 湘江中路 芙蓉南路 南湖路 城南西路 新开铺路'),
    district('岳麓', '岳麓区', 'Yuelu', '430104', '麓山南路 枫林一路 岳麓大道 金星中路 桐梓坡路 梅溪湖|梅溪湖路 银盆岭|银盆南路 麓谷|麓谷大道'),
    district('开福', '开福区', 'Kaifu', '430105', '湘春路 湘江北路 芙蓉北路 开福寺路 营盘东路 德雅路 中山路 东风路 三一大道'),
  ] },
  { code: 'ZZ', name: '郑州', nameEn: 'Zhengzhou', addressPrefix: '河南省郑州市', outlets: 14, districts: [
    district('金水', '金水区', 'Jinshui', '410105', '花园路 经三路 农业路 文化路 金水路 纬五路 东风路 丰产路 黄河路'),
    district('中原', '中原区', 'Zhongyuan', '410102', '中原路 建设西路 桐柏路 伏牛路 棉纺路 秦岭路 碧沙岗|嵩山北路 陇海西路'),
    district('二七', '二七区', 'Erqi', '410103', '二七广场|二七路 大学路 德化街 航海中路 兴华南街 嵩山南路 京广路 淮河路'),
    district('管城', '管城回族区', 'Guancheng', '410104', '城东路 紫荆山路 商城路 航海东路 南关街 未来路 东大街'),
  ] },
  { code: 'SY', name: '沈阳', nameEn: 'Shenyang', addressPrefix: '辽宁省沈阳市', outlets: 12, districts: [
    district('和平', '和平区', 'Heping', '210102', '太原街 中华路 南京北街 三好街 十一纬路 青年大街 和平北大街 北二马路'),
    district('沈河', '沈河区', 'Shenhe', '210103', '中街 北站|北站路 市府大路 五爱街 小西路 北顺城路 正阳街 奉天街'),
    district('皇姑', '皇姑区', 'Huanggu', '210105', '北陵大街 黄河南大街 崇山中路 长江街 塔湾街 昆山中路 宁山中路 陵东街 华山路'),
    district('浑南', '浑南区', 'Hunnan', '210112', '浑南中路 创新路 全运路 世纪路 新隆街 浑南大道'),
  ] },
  { code: 'XM', name: '厦门', nameEn: 'Xiamen', addressPrefix: '福建省厦门市', outlets: 12, districts: [
    district('思明', '思明区', 'Siming', '350203', '中山路 厦禾路 湖滨南路 莲前西路 思明南路 鹭江道 嘉禾路 禾祥西路 莲岳路 环岛路'),
    district('湖里', '湖里区', 'Huli', '350206', '湖里大道 仙岳路 吕岭路 金尚路 五缘湾|环湾路 华荣路 兴隆路 江头|江头北路'),
    district('集美', '集美区', 'Jimei', '350211', '集美大道 杏林|杏林湾路 银江路 集源路 孙坂南路 灌口|灌口中路'),
    district('海沧', '海沧区', 'Haicang', '350205', '海沧大道 马青路 滨湖北路 翁角路 霞阳路 新阳|新阳路'),
  ] },
];
