package sla

import "time"

// China's 2025 public holidays and make-up working days (调休).
//
// Source: 国务院办公厅关于2025年部分节假日安排的通知 (General Office of the
// State Council, "Notice on the arrangement of some holidays in 2025"),
// 国办发明电〔2024〕12号, dated 12 November 2024, released by Xinhua the same
// day (for example https://m.gmw.cn/2024-11/12/content_1303894933.htm). Its
// six items, as shipped below:
//
//	一、元旦：1月1日（周三）放假1天，不调休。
//	二、春节：1月28日至2月4日放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
//	三、清明节：4月4日（周五）至6日（周日）放假，共3天。
//	四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
//	五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
//	六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
//
// Other years are not shipped: add them from the State Council's notice for
// that year, citing it likewise.

// ChinaHolidays2025 returns China's 2025 public holidays as closures and its
// make-up working days as overrides with the given working windows (the
// office's ordinary weekday hours). The result is a new slice each call.
func ChinaHolidays2025(workday ...Window) []Exception {
	d := func(m time.Month, day int) Date { return DateOf(2025, m, day) }
	work := func(day Date, reason string) Exception {
		return OverrideDays(day, Date{}, reason, append([]Window(nil), workday...)...)
	}
	return []Exception{
		ClosedDays(d(time.January, 1), Date{}, "New Year's Day (元旦)"),
		work(d(time.January, 26), "make-up working day for the Spring Festival (春节调休上班)"),
		ClosedDays(d(time.January, 28), d(time.February, 4), "Spring Festival (春节)"),
		work(d(time.February, 8), "make-up working day for the Spring Festival (春节调休上班)"),
		ClosedDays(d(time.April, 4), d(time.April, 6), "Qingming Festival (清明节)"),
		work(d(time.April, 27), "make-up working day for Labour Day (劳动节调休上班)"),
		ClosedDays(d(time.May, 1), d(time.May, 5), "Labour Day (劳动节)"),
		ClosedDays(d(time.May, 31), d(time.June, 2), "Dragon Boat Festival (端午节)"),
		work(d(time.September, 28), "make-up working day for National Day (国庆节调休上班)"),
		ClosedDays(d(time.October, 1), d(time.October, 8), "National Day and Mid-Autumn Festival (国庆节、中秋节)"),
		work(d(time.October, 11), "make-up working day for National Day (国庆节调休上班)"),
	}
}

// ChinaOfficeHours are the windows of a typical Chinese office day:
// 08:30–12:00 and 13:30–17:30 (a lunch break between).
func ChinaOfficeHours() []Window {
	return []Window{{Start: HM(8, 30), End: HM(12, 0)}, {Start: HM(13, 30), End: HM(17, 30)}}
}

// ChinaOffice2025 returns the spec of a Chinese office in 2025: Monday to
// Friday 08:30–12:00 and 13:30–17:30 in Asia/Shanghai, closed on the 2025
// public holidays and open on the make-up working days with the same hours.
// Compile it with the location of "Asia/Shanghai".
func ChinaOffice2025() Spec {
	return Spec{
		Version:    SpecVersion,
		Name:       "China office 2025",
		Zone:       "Asia/Shanghai",
		Week:       MondayToFriday(ChinaOfficeHours()...),
		Exceptions: ChinaHolidays2025(ChinaOfficeHours()...),
	}
}
