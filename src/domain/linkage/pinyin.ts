/**
 * A compact pinyin table (tones dropped) for the Han characters most used in Chinese surnames and
 * given names. Surnames take their surname reading (曾 zeng, 单 shan, 区 ou, 仇 qiu, 朴 piao).
 * Characters not listed are kept by the caller as a stable token.
 */
const TABLE = `
wang:王汪网旺望 li:李黎里力立丽莉利理礼励俐 zhang:张章彰 liu:刘柳留六 chen:陈晨辰臣 yang:杨阳洋扬羊 huang:黄皇煌
zhao:赵昭照 wu:吴武伍午吾悟 zhou:周舟州 xu:徐许旭续栩 sun:孙 ma:马玛 zhu:朱祝珠竹 hu:胡虎湖 guo:郭国果
he:何贺和荷禾赫 gao:高 lin:林琳霖麟 luo:罗骆洛 zheng:郑正政铮 liang:梁亮良 xie:谢 song:宋松 tang:唐汤棠
han:韩涵寒晗 feng:冯峰凤丰枫锋 deng:邓 cao:曹 peng:彭鹏 zeng:曾 xiao:肖萧小晓笑 tian:田天 dong:董东冬栋
yuan:袁元媛园源远 pan:潘 yu:于余俞宇玉雨语瑜钰鱼禹羽 jiang:蒋姜江疆 cai:蔡彩 du:杜 ye:叶 cheng:程成诚城承
su:苏 wei:魏韦伟卫薇威维玮 lu:卢陆路鲁露璐 lv:吕 ding:丁 ren:任仁 shen:沈申 yao:姚瑶 cui:崔翠 zhong:钟忠仲
tan:谭 fan:范樊帆凡 jin:金晋瑾锦 shi:石史施诗世师 liao:廖 jia:贾佳嘉家 xia:夏霞 fu:付傅福富符甫芙
fang:方芳 bai:白柏 zou:邹 meng:孟梦萌 xiong:熊雄 qin:秦覃琴勤钦 qiu:邱秋丘仇 yin:尹殷银 xue:薛雪学
yan:闫严颜燕艳妍彦言岩研 duan:段 lei:雷磊蕾 hou:侯 long:龙隆 tao:陶涛 gu:顾谷古 mao:毛茂 hao:郝浩昊皓豪
gong:龚龚宫 shao:邵 wan:万婉宛 qian:钱倩 dai:戴黛 mo:莫 kong:孔 xiang:向祥翔香湘 shan:单山珊杉 ou:区欧
piao:朴 yue:乐岳月悦跃 gan:甘 kang:康 shu:舒淑书 ge:葛戈歌 xing:邢星兴 an:安 chang:常畅 qi:齐琪祺琦奇
hong:洪红宏鸿虹 bao:鲍包宝 niu:牛 lai:赖来 geng:耿 bi:毕碧 tong:童彤 lan:兰蓝岚 hua:华花 yi:易一怡仪依宜艺逸义
xin:辛新欣心鑫馨 ning:宁 zhuo:卓 mei:梅美媚 jun:军俊君峻骏 qiang:强 min:敏民珉 jing:静晶京敬景菁婧靖
juan:娟 ming:明铭鸣 chao:超朝潮 ping:平萍屏 gang:刚钢 gui:桂贵 jian:建健剑坚俭 wen:文温雯 hui:辉慧惠会晖
fei:飞菲妃 bo:波博柏 bin:斌彬滨 kai:凯开楷 shuai:帅 huan:欢 ting:婷亭 yun:云芸韵昀 chun:春纯 hai:海
zhi:志智芝致 xiu:秀修 ying:英颖莹营迎盈 na:娜 rui:睿瑞蕊 xuan:轩萱璇宣 ran:然冉 rong:荣蓉融 qing:庆青清晴卿
sheng:生胜盛圣 de:德 zhen:珍真振贞 ju:菊 nan:南楠 si:思斯丝 zi:子紫梓 ze:泽 tian2:甜 xuan2:玄 hang:航杭
yong:勇永咏 jie:杰洁婕捷 lian:莲连炼 dan:丹 ling:玲灵凌铃 qian2:谦 yao2:耀 chu:楚初 zhan:展湛 ke:可克柯珂
lun:伦 lang:朗浪 shuang:双爽 jiao:娇姣 lu2:禄 shou:寿 cun:存 ai:爱艾 xuan3:炫 hui2:卉 ao:奥傲 fen:芬 man:曼蔓
ning2:凝 miao:苗妙 nuo:诺 tai:泰太 shun:顺舜 xi:喜西希曦熙溪 le:勒 lie:烈 song2:颂 kun:坤 qun:群 run:润 da:大达
guang:光广 fu2:福 lu3:璐 xiao2:霄 zhuang:庄壮 nian:念 jue:珏 rou:柔 er:尔二 san:三 si2:四 wu2:五 qi2:七 ba:八
jiu:九久玖 shi2:十 bei:贝蓓北 yu2:毓 liang2:靓 zhao2:钊 gen:根 cai2:才 fa:发 tao2:桃 chen2:琛 wan2:琬 ya:雅亚娅
`;

const map = new Map<string, string>();
for (const entry of TABLE.split(/\s+/)) {
  const [reading, chars] = entry.split(':');
  if (!reading || !chars) continue;
  const latin = reading.replace(/[0-9]/g, '');
  for (const ch of chars) if (!map.has(ch)) map.set(ch, latin);
}

/** Pinyin of one Han character (no tone), or undefined if not in the table. */
export function pinyinOf(ch: string): string | undefined {
  return map.get(ch);
}

/** How many characters the table knows (for tests and documentation). */
export const pinyinTableSize = map.size;
