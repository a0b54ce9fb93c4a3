import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { DemoSeeder } from '../../server/module.ts';
import { searchTerms } from '../../lib/search-tokens.ts';
import { systemActor } from '../org/index.ts';
import { importChain } from './atlas.chains.service.ts';
import { normaliseName } from './atlas.enterprise.domain.ts';
import { pinyinKey } from './atlas.pinyin.ts';
import { USCC_CHARSET, usccCheckChar } from './atlas.uscc.domain.ts';
import { makeCentroidLookup } from './atlas.analysis.domain.ts';
import { CENTROIDS_TEXT } from './atlas.centroids.data.ts';
import { seedDemoClusters } from './atlas.clusters.seed.ts';
import { seedDemoChiefs } from './atlas.chiefs.seed.ts';
import { seedDemoIntermediaries } from './atlas.intermediaries.seed.ts';
import { indexEnterpriseTerms } from './atlas.directory.repo.ts';
import { forgetCoverage } from './atlas.analysis.repo.ts';
import { fillLinkPlaces } from './atlas.link-places.ts';
import type { Stage } from './atlas.chain-format.domain.ts';

/** A segment in short: key, parent key (or stage for a root), names in Chinese and English, GB/T 4754 codes. */
type Seg = [key: string, parentOrStage: string, name: string, nameEn: string, codes?: string[]];

interface DemoChain {
  key: string;
  name: string;
  nameEn: string;
  segments: Seg[];
  edges: [string, string][];
  /** Leaf segments where 京津冀 has no demo enterprise (the gaps the demo shows). */
  jjjAbsent: string[];
  /** Leaf segments where 京津冀 is thin. */
  jjjWeak: string[];
  chokepoints: { segment: string; technology?: string; importDependency: number; domesticSuppliers: number; note: string }[];
}

const STAGES = new Set(['upstream', 'midstream', 'downstream']);

const CHAINS: DemoChain[] = [
  {
    key: 'demo-integrated-circuit',
    name: '集成电路（示例）',
    nameEn: 'Integrated circuits (demo)',
    segments: [
      ['materials', 'upstream', '半导体材料', 'Semiconductor materials', ['3985']], ['materials.wafer', 'materials', '硅片', 'Silicon wafers'], ['materials.photoresist', 'materials', '光刻胶', 'Photoresists'], ['materials.gas', 'materials', '电子特种气体', 'Electronic specialty gases'], ['materials.target', 'materials', '溅射靶材', 'Sputtering targets'],
      ['equipment', 'upstream', '半导体设备', 'Semiconductor equipment', ['3562']], ['equipment.litho', 'equipment', '光刻设备', 'Lithography'], ['equipment.etch', 'equipment', '刻蚀设备', 'Etching'], ['equipment.deposition', 'equipment', '薄膜沉积设备', 'Thin-film deposition'], ['equipment.test', 'equipment', '测试设备', 'Test equipment'],
      ['eda', 'upstream', 'EDA 工具与 IP 核', 'EDA tools and IP cores', ['6513']],
      ['design', 'midstream', '芯片设计', 'Chip design', ['6520']], ['design.processor', 'design', '处理器芯片', 'Processors'], ['design.memory', 'design', '存储芯片', 'Memory chips'], ['design.analog', 'design', '模拟与功率芯片', 'Analog and power chips'],
      ['manufacturing', 'midstream', '晶圆制造', 'Wafer fabrication', ['3973']], ['manufacturing.logic', 'manufacturing', '逻辑工艺', 'Logic processes'], ['manufacturing.specialty', 'manufacturing', '特色工艺', 'Specialty processes'],
      ['packaging', 'midstream', '封装测试', 'Packaging and testing', ['3973']], ['packaging.advanced', 'packaging', '先进封装', 'Advanced packaging'], ['packaging.testing', 'packaging', '测试服务', 'Testing services'],
      ['apps', 'downstream', '应用', 'Applications'], ['apps.computing', 'apps', '计算与服务器', 'Computing and servers'], ['apps.automotive', 'apps', '汽车电子', 'Automotive electronics'], ['apps.consumer', 'apps', '消费电子', 'Consumer electronics'],
    ],
    edges: [
      ['materials.wafer', 'manufacturing.logic'], ['materials.wafer', 'manufacturing.specialty'], ['materials.photoresist', 'manufacturing.logic'], ['materials.gas', 'manufacturing.logic'], ['materials.target', 'manufacturing.logic'],
      ['equipment.litho', 'manufacturing.logic'], ['equipment.etch', 'manufacturing.logic'], ['equipment.deposition', 'manufacturing.specialty'], ['equipment.test', 'packaging.testing'],
      ['eda', 'design'], ['design', 'manufacturing'], ['manufacturing', 'packaging'], ['packaging', 'apps.computing'], ['packaging', 'apps.automotive'], ['packaging', 'apps.consumer'],
    ],
    jjjAbsent: ['materials.photoresist', 'equipment.litho'],
    jjjWeak: ['materials.gas', 'packaging.advanced', 'apps.consumer'],
    chokepoints: [
      { segment: 'materials.photoresist', technology: 'ArF 光刻胶', importDependency: 90, domesticSuppliers: 3, note: '高端光刻胶主要依赖进口（示例数据）' },
      { segment: 'equipment.litho', importDependency: 95, domesticSuppliers: 1, note: '前道光刻机国内仅一家整机企业（示例数据）' },
      { segment: 'eda', technology: '全流程数字 EDA', importDependency: 85, domesticSuppliers: 3, note: '示例数据' },
    ],
  },
  {
    key: 'demo-hydrogen',
    name: '氢能（示例）',
    nameEn: 'Hydrogen energy (demo)',
    segments: [
      ['production', 'upstream', '制氢', 'Hydrogen production'], ['production.electrolysis', 'production', '电解水制氢', 'Water electrolysis'], ['production.byproduct', 'production', '工业副产氢', 'Industrial by-product hydrogen'],
      ['storage', 'upstream', '储运', 'Storage and transport'], ['storage.gas', 'storage', '高压气态储运', 'High-pressure gas'], ['storage.liquid', 'storage', '液氢储运', 'Liquid hydrogen'], ['storage.pipeline', 'storage', '管道输氢', 'Pipelines'],
      ['refuel', 'midstream', '加注', 'Refuelling'], ['refuel.station', 'refuel', '加氢站建设运营', 'Refuelling stations'], ['refuel.equipment', 'refuel', '加注设备', 'Refuelling equipment'],
      ['fuelcell', 'midstream', '燃料电池', 'Fuel cells'], ['fuelcell.stack', 'fuelcell', '电堆', 'Stacks'], ['fuelcell.mea', 'fuelcell', '膜电极', 'Membrane electrode assemblies'], ['fuelcell.membrane', 'fuelcell', '质子交换膜', 'Proton exchange membranes'], ['fuelcell.catalyst', 'fuelcell', '催化剂', 'Catalysts'], ['fuelcell.plate', 'fuelcell', '双极板', 'Bipolar plates'], ['fuelcell.compressor', 'fuelcell', '空压机', 'Air compressors'],
      ['use', 'downstream', '应用', 'Applications'], ['use.vehicle', 'use', '燃料电池汽车', 'Fuel cell vehicles'], ['use.power', 'use', '储能与发电', 'Storage and power generation'], ['use.industry', 'use', '工业用氢（冶金、化工）', 'Industrial hydrogen (steel, chemicals)'],
    ],
    edges: [
      ['production', 'storage'], ['storage', 'refuel'], ['refuel', 'use.vehicle'], ['fuelcell.membrane', 'fuelcell.mea'], ['fuelcell.catalyst', 'fuelcell.mea'], ['fuelcell.mea', 'fuelcell.stack'],
      ['fuelcell.plate', 'fuelcell.stack'], ['fuelcell.stack', 'use.vehicle'], ['fuelcell.compressor', 'use.vehicle'], ['fuelcell.stack', 'use.power'], ['storage', 'use.industry'],
    ],
    jjjAbsent: ['storage.liquid', 'fuelcell.membrane'],
    jjjWeak: ['fuelcell.catalyst', 'storage.pipeline'],
    chokepoints: [
      { segment: 'fuelcell.membrane', importDependency: 80, domesticSuppliers: 4, note: '示例数据' },
      { segment: 'fuelcell.catalyst', technology: '低铂催化剂', importDependency: 70, domesticSuppliers: 5, note: '示例数据' },
    ],
  },
  {
    key: 'demo-robotics',
    name: '机器人（示例）',
    nameEn: 'Robotics (demo)',
    segments: [
      ['parts', 'upstream', '核心零部件', 'Core components'], ['parts.reducer', 'parts', '精密减速器', 'Precision reducers'], ['parts.servo', 'parts', '伺服系统', 'Servo systems'], ['parts.controller', 'parts', '控制器', 'Controllers'], ['parts.sensor', 'parts', '传感器', 'Sensors'],
      ['body', 'midstream', '机器人本体', 'Robots'], ['body.industrial', 'body', '工业机器人', 'Industrial robots'], ['body.service', 'body', '服务机器人', 'Service robots'], ['body.special', 'body', '特种机器人', 'Special-purpose robots'], ['body.humanoid', 'body', '人形机器人', 'Humanoid robots'],
      ['integration', 'midstream', '系统集成', 'System integration'],
      ['apps', 'downstream', '应用', 'Applications'], ['apps.auto', 'apps', '汽车制造', 'Automotive manufacturing'], ['apps.electronics', 'apps', '3C 电子', 'Consumer electronics (3C)'], ['apps.logistics', 'apps', '仓储物流', 'Warehousing and logistics'], ['apps.medical', 'apps', '医疗康复', 'Medical and rehabilitation'],
    ],
    edges: [
      ['parts.reducer', 'body.industrial'], ['parts.reducer', 'body.humanoid'], ['parts.servo', 'body.industrial'], ['parts.servo', 'body.service'], ['parts.controller', 'body'], ['parts.sensor', 'body'],
      ['body.industrial', 'integration'], ['integration', 'apps.auto'], ['integration', 'apps.electronics'], ['body.service', 'apps.logistics'], ['body.service', 'apps.medical'], ['body.special', 'apps.logistics'],
    ],
    jjjAbsent: ['parts.reducer'],
    jjjWeak: ['parts.servo', 'apps.electronics'],
    chokepoints: [{ segment: 'parts.reducer', technology: 'RV 减速器', importDependency: 60, domesticSuppliers: 6, note: '示例数据' }],
  },
  {
    key: 'demo-biomedicine',
    name: '生物医药（示例）',
    nameEn: 'Biomedicine (demo)',
    segments: [
      ['rd', 'upstream', '研发服务', 'R&D services', ['7340']], ['rd.discovery', 'rd', '药物发现', 'Drug discovery'], ['rd.cro', 'rd', '临床研究服务（CRO）', 'Clinical research (CRO)'],
      ['materials', 'upstream', '原料与辅料', 'Raw materials and excipients'], ['materials.api', 'materials', '化学原料药', 'Active pharmaceutical ingredients', ['2710']], ['materials.excipient', 'materials', '药用辅料包材', 'Excipients and packaging', ['2780']], ['materials.culture', 'materials', '培养基', 'Culture media', ['2661']],
      ['equipment', 'upstream', '制药设备与科研仪器', 'Pharmaceutical equipment and instruments'], ['equipment.pharma', 'equipment', '制药专用设备', 'Pharmaceutical machinery', ['3544']], ['equipment.instrument', 'equipment', '实验分析仪器', 'Analytical instruments', ['4014']],
      ['chemical', 'midstream', '化学药', 'Chemical drugs', ['2720']], ['chemical.innovative', 'chemical', '创新药', 'Innovative drugs'], ['chemical.generic', 'chemical', '仿制药', 'Generics'],
      ['biologics', 'midstream', '生物药', 'Biologics', ['2761']], ['biologics.antibody', 'biologics', '抗体药物', 'Antibodies'], ['biologics.vaccine', 'biologics', '疫苗', 'Vaccines', ['2762']], ['biologics.cgt', 'biologics', '细胞基因治疗', 'Cell and gene therapy', ['2762']],
      ['tcm', 'midstream', '现代中药', 'Modern traditional Chinese medicine', ['2740']],
      ['devices', 'midstream', '医疗器械', 'Medical devices'], ['devices.imaging', 'devices', '医学影像设备', 'Medical imaging', ['3581']], ['devices.ivd', 'devices', '体外诊断', 'In-vitro diagnostics'], ['devices.consumables', 'devices', '高值医用耗材', 'High-value consumables', ['3584']],
      ['distribution', 'downstream', '医药流通', 'Pharmaceutical distribution', ['5151', '5154']],
      ['medical', 'downstream', '医疗服务', 'Medical services', ['841']],
    ],
    edges: [
      ['rd.discovery', 'chemical.innovative'], ['rd.discovery', 'biologics.antibody'], ['rd.cro', 'chemical.innovative'], ['rd.cro', 'biologics'], ['equipment.instrument', 'rd'],
      ['materials.api', 'chemical'], ['materials.excipient', 'chemical'], ['materials.excipient', 'tcm'], ['materials.culture', 'biologics'], ['equipment.pharma', 'chemical'], ['equipment.pharma', 'biologics'],
      ['chemical', 'distribution'], ['biologics', 'distribution'], ['tcm', 'distribution'], ['devices', 'distribution'], ['distribution', 'medical'], ['devices.imaging', 'medical'],
    ],
    jjjAbsent: ['materials.culture'],
    jjjWeak: ['equipment.instrument', 'devices.imaging', 'biologics.cgt'],
    chokepoints: [
      { segment: 'materials.culture', technology: '无血清培养基', importDependency: 75, domesticSuppliers: 5, note: '示例数据' },
      { segment: 'equipment.instrument', technology: '高端质谱仪', importDependency: 85, domesticSuppliers: 3, note: '示例数据' },
      { segment: 'devices.imaging', technology: '超导磁共振磁体', importDependency: 60, domesticSuppliers: 4, note: '示例数据' },
    ],
  },
  {
    key: 'demo-cyber-industrial-internet',
    name: '网络安全和工业互联网（示例）',
    nameEn: 'Cybersecurity and industrial internet (demo)',
    segments: [
      ['hardware', 'upstream', '基础硬件', 'Basic hardware'], ['hardware.cpu', 'hardware', '国产 CPU', 'Domestic CPUs', ['6520']], ['hardware.server', 'hardware', '服务器与存储', 'Servers and storage', ['3911']], ['hardware.network', 'hardware', '网络通信设备', 'Network and communication equipment', ['3921']],
      ['software', 'upstream', '基础软件', 'Basic software', ['6511']], ['software.os', 'software', '操作系统', 'Operating systems'], ['software.db', 'software', '数据库', 'Databases'], ['software.middleware', 'software', '中间件', 'Middleware', ['6512']],
      ['edge', 'upstream', '工业感知与边缘', 'Industrial sensing and edge'], ['edge.sensor', 'edge', '工业传感器', 'Industrial sensors', ['3983']], ['edge.controller', 'edge', '工业控制器', 'Industrial controllers and gateways', ['3914', '4011']],
      ['security', 'midstream', '网络安全', 'Cybersecurity'], ['security.device', 'security', '安全设备', 'Security appliances', ['3915']], ['security.service', 'security', '安全服务', 'Security services', ['6440']], ['security.ics', 'security', '工控安全', 'Industrial control security', ['3915', '6440']],
      ['platform', 'midstream', '工业互联网平台', 'Industrial internet platforms', ['6431']], ['platform.cloud', 'platform', '云与数据中心', 'Cloud and data centres', ['6450']], ['platform.paas', 'platform', '工业 PaaS 平台', 'Industrial PaaS', ['6431']], ['platform.identifier', 'platform', '标识解析', 'Identifier resolution', ['6532']],
      ['apps', 'midstream', '工业软件', 'Industrial software'], ['apps.cad', 'apps', '研发设计软件（CAD/CAE）', 'Design software (CAD/CAE)', ['6513']], ['apps.mes', 'apps', '生产控制软件（MES）', 'Production control software (MES)', ['6513']],
      ['integration', 'downstream', '系统集成运维', 'System integration and operations', ['6531', '6540']],
      ['use', 'downstream', '行业应用', 'Applications'], ['use.manufacturing', 'use', '智能制造', 'Smart manufacturing'], ['use.energy', 'use', '能源电力', 'Energy and power'], ['use.government', 'use', '信创（政务、金融）', 'Xinchuang (government, finance)'],
    ],
    edges: [
      ['hardware.cpu', 'hardware.server'], ['hardware.server', 'platform.cloud'], ['hardware.network', 'platform.cloud'], ['software.os', 'platform.cloud'], ['software.db', 'platform.paas'], ['software.middleware', 'platform.paas'],
      ['edge.sensor', 'edge.controller'], ['edge.controller', 'platform.paas'], ['edge.controller', 'platform.identifier'], ['platform.cloud', 'platform.paas'], ['platform.paas', 'apps.mes'],
      ['apps', 'integration'], ['security.device', 'integration'], ['security.service', 'integration'], ['security.ics', 'use.manufacturing'], ['security.ics', 'use.energy'],
      ['integration', 'use.manufacturing'], ['integration', 'use.energy'], ['integration', 'use.government'], ['software.os', 'use.government'],
    ],
    jjjAbsent: ['apps.cad'],
    jjjWeak: ['edge.sensor', 'hardware.cpu'],
    chokepoints: [
      { segment: 'apps.cad', technology: '三维几何内核与 CAE 求解器', importDependency: 90, domesticSuppliers: 3, note: '示例数据' },
      { segment: 'edge.controller', technology: '高端 PLC 与 DCS', importDependency: 70, domesticSuppliers: 5, note: '示例数据' },
    ],
  },
  {
    key: 'demo-machine-tools',
    name: '高端工业母机（示例）',
    nameEn: 'High-end machine tools (demo)',
    segments: [
      ['materials', 'upstream', '床身铸件', 'Machine bed castings', ['3391']],
      ['components', 'upstream', '功能部件', 'Functional components', ['3425']], ['components.spindle', 'components', '电主轴', 'Motorised spindles'], ['components.screw', 'components', '丝杠导轨', 'Ball screws and linear guides'], ['components.bearing', 'components', '精密轴承', 'Precision bearings', ['3451']], ['components.turret', 'components', '刀库与转台', 'Tool magazines and rotary tables'],
      ['cnc', 'upstream', '数控系统', 'CNC systems', ['4011']], ['cnc.controller', 'cnc', '数控装置', 'CNC controllers'], ['cnc.servo', 'cnc', '伺服驱动', 'Servo drives'],
      ['tools', 'upstream', '刀具与量仪', 'Cutting tools and gauges'], ['tools.cutting', 'tools', '切削刀具', 'Cutting tools', ['3321']], ['tools.measuring', 'tools', '精密测量仪器', 'Precision measuring instruments', ['4013']],
      ['machines', 'midstream', '整机', 'Machine tools'], ['machines.cutting', 'machines', '金属切削机床（五轴加工中心）', 'Metal-cutting machines (5-axis machining centres)', ['3421']], ['machines.forming', 'machines', '金属成形机床', 'Metal-forming machines', ['3422']], ['machines.laser', 'machines', '激光加工设备', 'Laser processing equipment', ['3424']], ['machines.additive', 'machines', '增材制造装备', 'Additive manufacturing equipment', ['3493']],
      ['apps', 'downstream', '应用', 'Applications'], ['apps.aero', 'apps', '航空航天', 'Aerospace'], ['apps.auto', 'apps', '汽车及零部件', 'Automotive and parts'], ['apps.mould', 'apps', '模具', 'Moulds and dies', ['3525']], ['apps.energy', 'apps', '能源装备', 'Energy equipment'],
      ['services', 'downstream', '再制造与运维服务', 'Remanufacturing and maintenance', ['432']],
    ],
    edges: [
      ['materials', 'machines.cutting'], ['materials', 'machines.forming'], ['components.spindle', 'machines.cutting'], ['components.screw', 'machines.cutting'], ['components.screw', 'machines.forming'],
      ['components.bearing', 'components.spindle'], ['components.turret', 'machines.cutting'], ['cnc.controller', 'machines.cutting'], ['cnc.controller', 'machines.laser'], ['cnc.servo', 'machines.cutting'], ['cnc.servo', 'machines.forming'],
      ['tools.measuring', 'machines.cutting'], ['tools.cutting', 'apps.aero'], ['tools.cutting', 'apps.auto'], ['machines.cutting', 'apps.aero'], ['machines.cutting', 'apps.auto'], ['machines.cutting', 'apps.mould'],
      ['machines.forming', 'apps.auto'], ['machines.laser', 'apps.energy'], ['machines.additive', 'apps.aero'], ['machines', 'services'],
    ],
    jjjAbsent: ['components.screw'],
    jjjWeak: ['cnc.controller', 'components.bearing', 'machines.additive'],
    chokepoints: [
      { segment: 'cnc.controller', technology: '五轴联动高档数控系统', importDependency: 80, domesticSuppliers: 3, note: '示例数据' },
      { segment: 'components.screw', technology: '高精度滚珠丝杠', importDependency: 75, domesticSuppliers: 4, note: '示例数据' },
      { segment: 'components.bearing', technology: '精密主轴轴承', importDependency: 70, domesticSuppliers: 5, note: '示例数据' },
    ],
  },
  {
    // The demo event's offers and needs name this chain's segments (events.seed.ts).
    key: 'demo-nev',
    name: '新能源和智能网联汽车（示例）',
    nameEn: 'New energy and intelligent connected vehicles (demo)',
    segments: [
      ['materials', 'upstream', '电池材料', 'Battery materials', ['3985']], ['materials.lithium', 'materials', '锂资源与冶炼', 'Lithium resources and refining', ['3239']], ['materials.cathode', 'materials', '正极材料', 'Cathode materials'], ['materials.anode', 'materials', '负极材料', 'Anode materials'], ['materials.separator', 'materials', '隔膜', 'Separators'], ['materials.electrolyte', 'materials', '电解液', 'Electrolytes'],
      ['chips', 'upstream', '车规级芯片与传感器', 'Automotive chips and sensors'], ['chips.power', 'chips', '功率半导体', 'Power semiconductors (IGBT/SiC)', ['3972']], ['chips.mcu', 'chips', 'MCU 与智驾芯片', 'MCUs and autonomous-driving chips', ['6520']], ['chips.sensor', 'chips', '车载传感器', 'Vehicle sensors and lidar', ['3983']],
      ['battery', 'midstream', '动力电池', 'Traction batteries', ['3841']], ['battery.cell', 'battery', '电芯', 'Cells'], ['battery.pack', 'battery', '电池包与 BMS', 'Packs and BMS'],
      ['drive', 'midstream', '电驱动系统', 'Electric drive'], ['drive.motor', 'drive', '驱动电机', 'Traction motors', ['3812']], ['drive.control', 'drive', '电机控制器', 'Motor controllers', ['3670']],
      ['intelligent', 'midstream', '智能网联系统', 'Intelligent connected systems'], ['intelligent.adas', 'intelligent', '自动驾驶系统', 'Autonomous driving', ['6513']], ['intelligent.cockpit', 'intelligent', '智能座舱', 'Smart cockpits', ['3962']], ['intelligent.v2x', 'intelligent', '车联网通信', 'Vehicle connectivity (V2X)', ['3921']],
      ['parts', 'midstream', '汽车零部件', 'Vehicle parts', ['3670']], ['parts.thermal', 'parts', '热管理系统', 'Thermal management'], ['parts.chassis', 'parts', '线控底盘', 'Drive-by-wire chassis'],
      ['vehicles', 'downstream', '整车', 'Vehicles', ['3612']], ['vehicles.passenger', 'vehicles', '乘用车', 'Passenger cars'], ['vehicles.commercial', 'vehicles', '商用车', 'Commercial vehicles'],
      ['charging', 'downstream', '充换电设施', 'Charging and battery swapping'], ['charging.station', 'charging', '充电设施建设运营', 'Charging networks', ['5267']], ['charging.swap', 'charging', '换电设施', 'Battery swapping'],
      ['recycling', 'downstream', '动力电池回收利用', 'Battery recycling', ['4210']], ['recycling.echelon', 'recycling', '梯次利用', 'Second-life use'], ['recycling.material', 'recycling', '再生利用', 'Material recovery'],
    ],
    edges: [
      ['materials.lithium', 'materials.cathode'], ['materials.lithium', 'materials.electrolyte'], ['materials.cathode', 'battery.cell'], ['materials.anode', 'battery.cell'], ['materials.separator', 'battery.cell'], ['materials.electrolyte', 'battery.cell'],
      ['battery.cell', 'battery.pack'], ['chips.mcu', 'battery.pack'], ['chips.power', 'drive.control'], ['chips.power', 'charging.station'], ['chips.mcu', 'intelligent.adas'], ['chips.sensor', 'intelligent.adas'],
      ['drive.motor', 'vehicles'], ['drive.control', 'vehicles'], ['battery.pack', 'vehicles'], ['battery.pack', 'charging.swap'], ['intelligent', 'vehicles'], ['parts', 'vehicles'],
      ['vehicles', 'charging'], ['vehicles', 'recycling'], ['battery.pack', 'recycling.echelon'],
    ],
    jjjAbsent: ['materials.lithium', 'materials.separator'],
    jjjWeak: ['chips.power', 'materials.anode', 'chips.sensor'],
    chokepoints: [
      { segment: 'chips.power', technology: '车规级 SiC MOSFET', importDependency: 70, domesticSuppliers: 6, note: '示例数据' },
      { segment: 'chips.mcu', technology: '车规级高端 MCU 与智驾芯片', importDependency: 85, domesticSuppliers: 4, note: '示例数据' },
    ],
  },
];

/** Regions the demo enterprises are registered in: [code, short name used in the names]. */
const JJJ_REGIONS: [string, string][] = [
  ['110108', '海淀'], ['110105', '朝阳'], ['110115', '大兴'], ['110114', '昌平'], ['110113', '顺义'],
  ['120116', '滨海'], ['120111', '西青'], ['120113', '北辰'], ['120110', '东丽'], ['120114', '武清'],
  ['130100', '石家庄'], ['130200', '唐山'], ['130600', '保定'], ['131000', '廊坊'], ['133100', '雄安'],
];
const OTHER_REGIONS: [string, string][] = [
  ['310000', '上海'], ['320500', '苏州'], ['320100', '南京'], ['330100', '杭州'], ['340100', '合肥'],
  ['440300', '深圳'], ['440100', '广州'], ['441900', '东莞'], ['420000', '湖北'], ['510000', '四川'],
];
/** Cities the shipped regions lack (they hold provinces, not their cities, outside 京津冀): added for the demo. */
const EXTRA_REGIONS = [
  { code: '320500', name: '苏州市', parent: '320000' }, { code: '320100', name: '南京市', parent: '320000' }, { code: '330100', name: '杭州市', parent: '330000' },
  { code: '340100', name: '合肥市', parent: '340000' }, { code: '440300', name: '深圳市', parent: '440000' }, { code: '440100', name: '广州市', parent: '440000' },
  { code: '441900', name: '东莞市', parent: '440000' },
];

const SUFFIXES = ['科技', '技术', '智能', '新材料', '装备', '电子'];

/** The demo wafer fab whose suppliers and customers `luoshi atlas match` shows (docs/atlas-analysis.md). */
export const DEMO_MATCH_USCC = demoUscc('120116', 0);

/** A small deterministic generator, so the demo is the same at every start. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** The demo's credit code: 91 + region + a 9-character serial + the check character. */
function demoUscc(region: string, serial: number): string {
  let body = '';
  for (let n = serial + 700_000, i = 0; i < 9; i++, n = Math.floor(n / 31)) body = USCC_CHARSET[n % 31]! + body;
  const first17 = `91${region}${body}`;
  return first17 + usccCheckChar(first17)!;
}

/**
 * The atlas demo: seven chains (集成电路 and the six that 京津冀 map jointly: 氢能, 生物医药, 网络安全和工业互联网, 高端工业母机,
 * 新能源和智能网联汽车, 机器人; shared definitions) with about a thousand synthetic enterprises
 * ("示例" in every name, valid codes) in 京津冀, 长三角 and the Greater Bay Area, linked to segments with evidence, so
 * that coverage, gaps (京津冀 absent or thin in some segments), chokepoints and matches show on first start.
 */
export const seedDemoAtlas: DemoSeeder = async (db, { log }) => {
  const have = await db.selectFrom('atlas_chains').select('id').where('key', '=', CHAINS[0]!.key).executeTakeFirst();
  // Clusters, chain-chief records and intermediaries came after the chains: a demo database from before them gets them
  // at the next start.
  if (have) {
    await seedDemoClusters(db, log);
    await seedDemoChiefs(db, log);
    return seedDemoIntermediaries(db, log);
  }
  await db
    .insertInto('regions')
    .values(EXTRA_REGIONS.map((r, i) => ({ code: r.code, name: r.name, short_name: r.name.replace(/市$/, ''), level: 'prefecture' as const, parent_code: r.parent, sort_order: 1000 + i })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const ctx = { db, actor: systemActor('system', 'atlas demo') };
  const centre = makeCentroidLookup(CENTROIDS_TEXT);
  const rnd = random(20261203);
  const enterprises: Record<string, unknown>[] = [];
  const links: Record<string, unknown>[] = [];
  let serial = 0;
  for (const [ci, c] of CHAINS.entries()) {
    const file = {
      format: 'luoshi-atlas-chain',
      formatVersion: 1,
      chain: { id: c.key, name: c.name, nameEn: c.nameEn, label: '2026（示例）', sources: [{ title: '演示数据，非真实产业链图谱 / demo data' }] },
      segments: c.segments.map(([key, p, name, nameEn, codes]) => ({
        id: key,
        name,
        nameEn,
        ...(STAGES.has(p) ? { stage: p as Stage } : { parent: p }),
        ...(codes ? { industryCodes: codes } : {}),
      })),
      edges: c.edges.map(([from, to]) => ({ from, to })),
    };
    const { chain } = await importChain(ctx, file, { regionCode: '000000' });
    const parents = new Set(c.segments.map((s) => s[1]));
    const leaves = c.segments.filter(([key]) => !parents.has(key));
    for (const [key, , segName] of leaves) {
      const jjjCount = c.jjjAbsent.includes(key) ? 0 : c.jjjWeak.includes(key) ? 1 : 3 + Math.floor(rnd() * 4);
      const otherCount = 3 + Math.floor(rnd() * 4);
      const pick = (pool: [string, string][], n: number) => Array.from({ length: n }, () => pool[Math.floor(rnd() * pool.length)]!);
      for (const [region, short] of [...pick(JJJ_REGIONS, jjjCount), ...pick(OTHER_REGIONS, otherCount)]) {
        serial++;
        const id = crypto.randomUUID();
        const r = rnd();
        const size = r < 0.12 ? 'large' : r < 0.4 ? 'medium' : r < 0.85 ? 'small' : 'micro';
        const employees = { large: 1000 + Math.floor(rnd() * 4000), medium: 300 + Math.floor(rnd() * 700), small: 20 + Math.floor(rnd() * 280), micro: 3 + Math.floor(rnd() * 15) }[size];
        const tags: string[] = [];
        if (size === 'large' && rnd() < 0.45) tags.push('链主/龙头');
        const t = rnd();
        if (t < 0.1) tags.push('专精特新“小巨人”');
        else if (t < 0.28) tags.push('专精特新');
        if (size !== 'micro' && rnd() < 0.35) tags.push('高新技术企业');
        if ((size === 'large' || size === 'medium') && rnd() < 0.25) tags.push('上市');
        // As real names do, an enterprise of a Beijing or Tianjin district carries the city (天津滨海…): searching 天津 or
        // 北京 finds them, as the issue's own example query expects; the demo's found nothing.
        const city = region.startsWith('11') ? '北京' : region.startsWith('12') ? '天津' : '';
        const name = `${city}${short}示例${segName.replace(/[（）()\s]/g, '').slice(0, 6)}${SUFFIXES[serial % SUFFIXES.length]}${ci + 1}${String(serial).padStart(3, '0')}有限公司`;
        const at = centre(region);
        const exact = at && rnd() < 0.5;
        enterprises.push({
          id,
          region_code: region,
          uscc: demoUscc(region, serial),
          name,
          name_norm: normaliseName(name),
          address: null,
          size_band: size,
          employees,
          tags,
          main_products: [segName],
          founded_on: `${2000 + Math.floor(rnd() * 24)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
          search_tokens: searchTerms(name, segName, ...tags),
          name_pinyin: pinyinKey(name),
          lat: exact ? Math.round((at.lat + (rnd() - 0.5) * 0.1) * 1e5) / 1e5 : null,
          lng: exact ? Math.round((at.lng + (rnd() - 0.5) * 0.1) * 1e5) / 1e5 : null,
        });
        const e = rnd();
        const d = rnd();
        links.push({
          region_code: region,
          enterprise_id: id,
          chain_id: chain.id,
          segment_key: key,
          evidence: e < 0.45 ? 'strong' : e < 0.85 ? 'medium' : 'weak',
          source: e < 0.45 ? '专利与产品目录（示例）' : e < 0.85 ? '经营范围与行业代码（示例）' : '企业名称（示例）',
          as_of: d < 0.7 ? '2026-09-30' : '2026-06-30',
          decision: d < 0.7 ? 'confirmed' : d < 0.95 ? 'uncertain' : 'rejected',
        });
      }
    }
    if (ci === 0) {
      // The anchor of the docs' and the CLI's 成龙配套 example: a wafer fab in 滨海新区 with its coordinates.
      const id = crypto.randomUUID();
      const name = '滨海示例晶圆制造有限公司';
      enterprises.push({
        id, region_code: '120116', uscc: DEMO_MATCH_USCC, name, name_norm: normaliseName(name), address: '天津市滨海新区（示例地址）', size_band: 'large', employees: 3200,
        tags: ['链主/龙头', '高新技术企业'], main_products: ['12 英寸晶圆代工'], founded_on: '2012-05-18', search_tokens: searchTerms(name, '晶圆代工', '链主/龙头'), name_pinyin: pinyinKey(name), lat: 39.05, lng: 117.72,
      });
      links.push({ region_code: '120116', enterprise_id: id, chain_id: chain.id, segment_key: 'manufacturing.logic', evidence: 'strong', source: '产品目录（示例）', as_of: '2026-09-30', decision: 'confirmed' });
    }
    for (const k of c.chokepoints) {
      await db
        .insertInto('atlas_chokepoints')
        .values({ chain_id: chain.id, segment_key: k.segment, technology: k.technology ?? null, import_dependency: k.importDependency, domestic_suppliers: k.domesticSuppliers, note: k.note, source: '演示数据 / demo' })
        .execute();
    }
  }
  await sql`insert into atlas_enterprises (id, region_code, uscc, name, name_norm, address, size_band, employees, tags, main_products, founded_on, search_tokens, name_pinyin, lat, lng)
    select * from jsonb_to_recordset(${JSON.stringify(enterprises)}::jsonb) as r(id uuid, region_code text, uscc text, name text, name_norm text, address text,
      size_band text, employees integer, tags text[], main_products text[], founded_on date, search_tokens text[], name_pinyin text, lat double precision, lng double precision)`.execute(db);
  await indexEnterpriseTerms(db, enterprises.map((e) => ({ region_code: String(e.region_code), id: String(e.id) })));
  await sql`insert into atlas_enterprise_segments (region_code, enterprise_id, chain_id, segment_key, evidence, source, as_of, decision)
    select * from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as r(region_code text, enterprise_id uuid, chain_id uuid, segment_key text, evidence text,
      source text, as_of date, decision text)`.execute(db);
  await fillLinkPlaces(db);
  await forgetCoverage(db, null);
  log(`atlas: ${CHAINS.length} demo chains, ${enterprises.length} demo enterprises`);
  await seedDemoClusters(db, log);
  await seedDemoChiefs(db, log);
  await seedDemoIntermediaries(db, log);
};
