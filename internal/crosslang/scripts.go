package crosslang

import (
	"strings"
	"sync"
)

// cyrillicLatin spells Cyrillic letters as English news write Russian
// names (BGN/PCGN, as analysis.Transliterate does), in lower case.
var cyrillicLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "zh", 'з': "z", 'и': "i",
	'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "yu", 'я': "ya", 'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u", 'ј': "j", 'љ': "lj",
	'њ': "nj", 'ћ': "c", 'ђ': "dj", 'џ': "dzh", 'ѕ': "dz", 'ғ': "gh", 'қ': "q", 'ң': "ng", 'ү': "u", 'ұ': "u",
	'һ': "h", 'ә': "a", 'ө': "o",
}

// greekLatin spells Greek letters (lower case, accents folded) in Latin.
var greekLatin = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i", 'κ': "k",
	'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t",
	'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o", 'ά': "a", 'έ': "e", 'ή': "i", 'ί': "i", 'ό': "o",
	'ύ': "y", 'ώ': "o", 'ϊ': "i", 'ϋ': "y", 'ΐ': "i", 'ΰ': "y",
}

// arabicLatin spells the Arabic (and Persian) letters as Latin letters
// that give the skeleton of a name: the long vowels and glides alif, waw
// and ya as vowels (they stand for the o, u, e, i of foreign names:
// موموس Momus, أوغرود Ogród), ayn and hamza as vowels, the emphatic
// consonants as the plain ones.
var arabicLatin = map[rune]string{
	'ا': "a", 'أ': "a", 'إ': "i", 'آ': "a", 'ٱ': "a", 'ء': "", 'ؤ': "u", 'ئ': "i", 'ب': "b", 'ة': "a",
	'ت': "t", 'ث': "th", 'ج': "j", 'ح': "h", 'خ': "kh", 'د': "d", 'ذ': "dh", 'ر': "r", 'ز': "z", 'س': "s",
	'ش': "sh", 'ص': "s", 'ض': "d", 'ط': "t", 'ظ': "z", 'ع': "a", 'غ': "gh", 'ف': "f", 'ق': "q", 'ك': "k",
	'ل': "l", 'م': "m", 'ن': "n", 'ه': "h", 'و': "u", 'ي': "i", 'ى': "a", 'پ': "p", 'چ': "ch", 'ژ': "zh",
	'گ': "g", 'ک': "k", 'ی': "i", 'ڤ': "v",
}

// isArabicMark reports the Arabic vowel signs, shadda, sukun and tatweel,
// which skeletons ignore.
func isArabicMark(r rune) bool {
	return r >= 0x064B && r <= 0x065F || r == 0x0670 || r == 0x0640
}

// hanSounds is the pinyin (without tones) of the characters Chinese writes
// foreign names with, after the transliteration tables of Xinhua and the
// Chinese Wikipedia: 萨克森 Sakesen (Saxon), 梅洛德拉姆 Meiluodelamu
// (Melodram). Characters that are mostly native words (大, 多, 法, 国, 英,
// 美, 东) are left out, so that runs of these characters are mostly names.
// 尔 (er) is the coda r or l that skeletons drop.
const hanSounds = `
阿a 埃ai 艾ai 爱ai 安an 昂ang 奥ao 澳ao 巴ba 拜bai 班ban 邦bang 鲍bao 堡bao 贝bei 本ben 比bi 彼bi 毕bi 宾bin 波bo 伯bo 博bo 布bu 查cha
柴chai 茨ci 达da 戴dai 丹dan 德de 登deng 迪di 蒂di 丁ding 顿dun 敦dun 杜du 厄e 恩en 尔er 菲fei 费fei 芬fen 佛fo 夫fu 弗fu 福fu 伏fu
盖gai 甘gan 冈gang 戈ge 格ge 哥ge 葛ge 根gen 古gu 瓜gua 哈ha 汉han 赫he 亨heng 胡hu 霍huo 基ji 吉ji 加jia 贾jia 杰jie 捷jie 卡ka 凯kai
坎kan 康kang 考kao 柯ke 科ke 克ke 肯ken 库ku 夸kua 奎kui 昆kun 拉la 腊la 莱lai 赖lai 兰lan 朗lang 劳lao 勒le 雷lei 蕾lei 黎li 里li
利li 莉li 丽li 列lie 烈lie 林lin 琳lin 隆long 卢lu 鲁lu 路lu 伦lun 仑lun 罗luo 洛luo 马ma 玛ma 迈mai 麦mai 曼man 芒mang 梅mei 门men
蒙meng 孟meng 米mi 密mi 敏min 摩mo 莫mo 墨mo 默mo 姆mu 穆mu 纳na 娜na 奈nai 耐nai 瑙nao 内nei 妮ni 尼ni 涅nie 聂nie 纽niu 努nu 诺nuo
欧ou 帕pa 派pai 潘pan 庞pang 佩pei 培pei 彭peng 皮pi 匹pi 普pu 齐qi 奇qi 恰qia 乔qiao 切qie 琴qin 瑞rui 萨sa 塞sai 赛sai 桑sang 瑟se
色se 森sen 沙sha 莎sha 尚shang 谢xie 什shi 史shi 舒shu 斯si 思si 松song 苏su 索suo 塔ta 泰tai 坦tan 特te 提ti 汀ting 图tu 托tuo 瓦wa
威wei 维wei 薇wei 温wen 沃wo 乌wu 西xi 希xi 锡xi 肖xiao 歇xie 辛xin 休xiu 雅ya 亚ya 娅ya 耶ye 伊yi 扎zha 詹zhan 兹zi 约yue 泽ze 朱zhu
夏xia 席xi 舍she 施shi 汤tang 唐tang 韦wei 扬yang 卓zhuo 佐zuo 丘qiu 契qi 若ruo 珀po 坡po 蓬peng 洪hong 豪hao 翰han 楚chu 勃bo 居ju
娄lou 牟mou 滕teng 廷ting 陀tuo 哲zhe 祖zu 策ce 岑cen 曾zeng 尤you 延yan 绍shao 珊shan 露lu 丝si 宁ning 农nong 阔kuo 骆luo 缪miu
慕mu 杨yang 冯feng 吕lv 鸠jiu 津jin 滨bin 铎duo 狄di 耳er 朵duo 道dao 丰feng 卜bu 贡gong 圭gui 桂gui 刚gang 彻che 昌chang
`

// hanClasses maps each character of hanSounds to the sound classes of its
// pinyin: the initial by class (j, q, x, zh, ch, sh, z, c, s all
// sibilants; h, y, w dropped), a final -n or -ng as N, er as nothing.
var hanClasses = sync.OnceValue(func() map[rune]string {
	out := map[rune]string{}
	for _, f := range strings.Fields(hanSounds) {
		r := []rune(f)
		out[r[0]] = pinyinClasses(string(r[1:]))
	}
	return out
})

func pinyinClasses(py string) string {
	if py == "er" {
		return ""
	}
	var b []byte
	rest := py
	for _, in := range []struct {
		initial string
		class   byte
	}{
		{"zh", clsS}, {"ch", clsS}, {"sh", clsS}, {"b", clsP}, {"p", clsP}, {"m", clsM}, {"f", clsF}, {"d", clsT},
		{"t", clsT}, {"n", clsN}, {"l", clsR}, {"g", clsK}, {"k", clsK}, {"h", 0}, {"j", clsS}, {"q", clsS},
		{"x", clsS}, {"r", clsR}, {"z", clsS}, {"c", clsS}, {"s", clsS}, {"y", 0}, {"w", 0},
	} {
		if strings.HasPrefix(rest, in.initial) {
			if in.class != 0 {
				b = append(b, in.class)
			}
			rest = rest[len(in.initial):]
			break
		}
	}
	if strings.HasSuffix(rest, "n") || strings.HasSuffix(rest, "ng") {
		b = append(b, clsN)
	}
	return string(b)
}

// arabicCommon are frequent Arabic words (function words, auxiliaries,
// common verbs, nouns and adjectives) that are never names, without the
// article: their skeletons would meet names of the other language by
// chance (كانت, "was", is KNT like Kent).
var arabicCommon = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
كان كانت يكون تكون كانوا يكونوا أصبح أصبحت صار ليس ليست لم لن لا ما ماذا متى أين كيف كم هل
يمكن يمكنه يمكنها ممكن يتم تم تمت قام قامت يقوم تقوم قال قالت يقول تقول أكد أشار أضاف
حيث حين بين بعد قبل خلال عند عندما منذ حتى لكن لكنه لكنها لأن لان ضمن أيضا أيضاً جدا جداً
مثل غير أكثر أقل أول أولى آخر أخرى آخرين بعض كل جميع معظم عدة عدد نفس ذات هناك هنا
الذي التي الذين اللذين اللتين اللواتي هذا هذه ذلك تلك هؤلاء أولئك هو هي هم هن نحن أنا أنت
إلى على عن من في مع فوق تحت أمام وراء نحو لدى لدي عبر دون حول ضد إذا إذ إن أن أو أم ثم قد لقد
وفقا وفقاً سنة سنوات عام أعوام عاما عاماً يوم أيام شهر القرن قرن مرة مرات
العالم عالم الدولة دولة دول الحكومة حكومة مدينة مدن جزء أجزاء طريق طريقة شكل وقت الوقت مستوى نوع أنواع
كبير كبيرة كبار صغير صغيرة عالية عالي جديد جديدة مختلف مختلفة خاص خاصة عامة عام رئيسي رئيسية
الأول الثاني الثالث أحد إحدى بسبب نتيجة حاليا حالياً أخيرا أخيراً فقط كذلك بينما أما إما سواء
`) {
		m[w] = true
	}
	return m
}()
