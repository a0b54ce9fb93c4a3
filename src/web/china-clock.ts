import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

// antd's date pickers take "now" (the 今天 button, the highlighted day, the month a calendar opens on) from dayjs's
// default time zone when the timezone plugin is there, else from the browser's clock. Reports fall due and pages
// default to the day in China (todayInChina), so the pickers must too: a liaison whose laptop is set to another
// zone, or whose evening is already tomorrow in Beijing, would otherwise pick yesterday with 今天.
dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.tz.setDefault('Asia/Shanghai');
