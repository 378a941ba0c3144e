/** The 12 subdistricts of 管城回族区 (NBS division codes, 2022 edition). */
export const STREETS = [
  { code: '410104001', name: '北下街街道', nameEn: 'Beixiajie' },
  { code: '410104002', name: '西大街街道', nameEn: 'Xidajie' },
  { code: '410104003', name: '南关街街道', nameEn: 'Nanguanjie' },
  { code: '410104004', name: '城东路街道', nameEn: 'Chengdonglu' },
  { code: '410104005', name: '东大街街道', nameEn: 'Dongdajie' },
  { code: '410104006', name: '二里岗街道', nameEn: 'Erligang' },
  { code: '410104007', name: '陇海马路街道', nameEn: 'Longhai Malu' },
  { code: '410104008', name: '紫荆山南路街道', nameEn: 'Zijingshan Nanlu' },
  { code: '410104009', name: '航海东路街道', nameEn: 'Hanghai Donglu' },
  { code: '410104010', name: '十八里河街道', nameEn: 'Shibalihe' },
  { code: '410104011', name: '南曹街道', nameEn: 'Nancao' },
  { code: '410104012', name: '金岱街道', nameEn: 'Jindai' },
] as const;
