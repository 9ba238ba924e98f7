import { BarChart } from 'echarts/charts';
import { use } from '../../lib/echarts.ts';

use([BarChart]);
