package branch

// Name parts for technicians and managers: common Chinese surnames and given
// names, in characters and in pinyin. Names are drawn from these lists by the
// org chart's seeded generator, so the same seed always gives the same people.

type namePart struct{ hanzi, pinyin string }

var surnames = []namePart{
	{"王", "Wang"}, {"李", "Li"}, {"张", "Zhang"}, {"刘", "Liu"}, {"陈", "Chen"},
	{"杨", "Yang"}, {"黄", "Huang"}, {"赵", "Zhao"}, {"吴", "Wu"}, {"周", "Zhou"},
	{"徐", "Xu"}, {"孙", "Sun"}, {"马", "Ma"}, {"朱", "Zhu"}, {"胡", "Hu"},
	{"郭", "Guo"}, {"何", "He"}, {"高", "Gao"}, {"林", "Lin"}, {"罗", "Luo"},
	{"郑", "Zheng"}, {"梁", "Liang"}, {"谢", "Xie"}, {"宋", "Song"}, {"唐", "Tang"},
	{"许", "Xu"}, {"韩", "Han"}, {"冯", "Feng"}, {"邓", "Deng"}, {"曹", "Cao"},
	{"彭", "Peng"}, {"曾", "Zeng"}, {"肖", "Xiao"}, {"田", "Tian"}, {"董", "Dong"},
	{"熊", "Xiong"}, {"万", "Wan"}, {"涂", "Tu"}, {"邹", "Zou"}, {"蔡", "Cai"},
}

var givenNames = []namePart{
	{"伟", "Wei"}, {"强", "Qiang"}, {"磊", "Lei"}, {"军", "Jun"}, {"勇", "Yong"},
	{"杰", "Jie"}, {"涛", "Tao"}, {"斌", "Bin"}, {"超", "Chao"}, {"明", "Ming"},
	{"刚", "Gang"}, {"平", "Ping"}, {"辉", "Hui"}, {"鹏", "Peng"}, {"华", "Hua"},
	{"飞", "Fei"}, {"波", "Bo"}, {"敏", "Min"}, {"静", "Jing"}, {"丽", "Li"},
	{"志强", "Zhiqiang"}, {"建华", "Jianhua"}, {"建国", "Jianguo"}, {"海波", "Haibo"},
	{"晓东", "Xiaodong"}, {"文杰", "Wenjie"}, {"国华", "Guohua"}, {"俊峰", "Junfeng"},
	{"志刚", "Zhigang"}, {"红梅", "Hongmei"}, {"小龙", "Xiaolong"}, {"振宇", "Zhenyu"},
	{"春生", "Chunsheng"}, {"国平", "Guoping"}, {"家豪", "Jiahao"}, {"雪芳", "Xuefang"},
	{"永康", "Yongkang"}, {"子轩", "Zixuan"}, {"浩然", "Haoran"}, {"立新", "Lixin"},
}

// countySeeds are the districts and counties of the fictional Nanchang
// branch: the name used as the county's id in work-order data, its Chinese
// name, a two-letter code that prefixes its stations' ids, and the names of
// the places its stations are in.
var countySeeds = []struct {
	name, hanzi, code string
	places            []namePart
}{
	{"Donghu", "东湖区", "DH", []namePart{{"八一", "Bayi"}, {"百花洲", "Baihuazhou"}, {"彭家桥", "Pengjiaqiao"}}},
	{"Xihu", "西湖区", "XH", []namePart{{"朝阳", "Chaoyang"}, {"桃花", "Taohua"}, {"南站", "Nanzhan"}}},
	{"Qingshanhu", "青山湖区", "QS", []namePart{{"湖坊", "Hufang"}, {"塘山", "Tangshan"}, {"京东", "Jingdong"}}},
	{"Honggutan", "红谷滩区", "HG", []namePart{{"沙井", "Shajing"}, {"凤凰洲", "Fenghuangzhou"}, {"九龙湖", "Jiulonghu"}}},
	{"Xinjian", "新建区", "XJ", []namePart{{"长堎", "Changleng"}, {"望城", "Wangcheng"}, {"生米", "Shengmi"}}},
	{"Nanchang", "南昌县", "NC", []namePart{{"莲塘", "Liantang"}, {"向塘", "Xiangtang"}, {"小蓝", "Xiaolan"}}},
	{"Jinxian", "进贤县", "JX", []namePart{{"民和", "Minhe"}, {"李渡", "Lidu"}, {"文港", "Wengang"}}},
	{"Anyi", "安义县", "AY", []namePart{{"龙津", "Longjin"}, {"鼎湖", "Dinghu"}, {"万埠", "Wanbu"}}},
}
