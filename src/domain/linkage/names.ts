/**
 * Common given and family names of the populations met by anti-trafficking services in Italy,
 * for the test-data generator. Each entry: Latin spellings separated by `|` (the first is the
 * usual one), then `=` and the native-script form where the population writes another script.
 * Facts about names only; persons generated from them are fictional.
 */

export interface NameEntry {
  latin: string[];
  native?: string;
}

export interface Population {
  code: string;
  citizenship: string;
  weight: number;
  female: NameEntry[];
  male: NameEntry[];
  family: NameEntry[];
  /** probability of a second given name */
  secondGiven: number;
  /** probability of a second family name (or of a grandfather's name) */
  secondFamily: number;
  /** the family name is often the father's given name */
  patronymic?: boolean;
  phonePrefix: string;
  /**
   * Share of family names drawn from the common list; the rest come from the long tail, built
   * from stems and endings typical of the population (fictional, but shaped like real ones).
   */
  commonFamilyShare: number;
  tail: { stems: string[]; endings: string[] };
}

function tail(stems: string, endings: string): { stems: string[]; endings: string[] } {
  return { stems: stems.split(/\s+/).filter(Boolean).map((x) => x.replace('_', ' ')), endings: endings.split(/\s+/).filter(Boolean).map((e) => (e === '-' ? '' : e)) };
}

function parse(list: string): NameEntry[] {
  return list
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [latin = '', native] = s.split('=');
      const entry: NameEntry = { latin: latin.split('|').map((x) => x.trim()) };
      if (native) entry.native = native.trim();
      return entry;
    });
}

const ARABIC_MALE = `Mohamed|Mohammed|Muhammad|Mohamad|Mouhamed=محمد; Youssef|Yousef|Youssouf|Yusuf=يوسف; Ahmed|Ahmad=أحمد;
  Abdellah|Abdallah|Abdullah=عبد الله; Rachid|Rashid=رشيد; Said|Saeed|Saïd=سعيد; Hamza=حمزة; Omar|Umar=عمر;
  Mustapha|Mustafa|Moustafa|Mostafa=مصطفى; Karim|Kareem=كريم; Hassan|Hasan=حسن; Khalid|Khaled=خالد; Ayoub|Ayyub=أيوب;
  Brahim|Ibrahim=إبراهيم; Driss|Idris=إدريس; Hicham|Hisham=هشام; Anas=أنس; Mehdi|Mahdi=مهدي; Soufiane|Sufyan=سفيان;
  Adil|Adel=عادل; Mahmoud|Mahmud=محمود; Ali=علي; Hussein|Hussain|Husein=حسين; Amr=عمرو; Tarek|Tariq=طارق;
  Sherif|Sharif=شريف; Ashraf=أشرف; Walid|Waleed=وليد; Hany|Hani=هاني; Gamal|Jamal=جمال`;
const ARABIC_FEMALE = `Fatima|Fatma|Fatimah=فاطمة; Khadija|Khadidja|Khadeeja=خديجة; Aicha|Aisha|Aïcha=عائشة;
  Meryem|Maryam|Mariam=مريم; Salma=سلمى; Zineb|Zaynab|Zeinab=زينب; Nadia=نادية; Hanane|Hanan=حنان; Amina|Aminah=أمينة;
  Naima|Naïma=نعيمة; Samira=سميرة; Latifa=لطيفة; Hafsa=حفصة; Imane|Iman|Eman=إيمان; Loubna|Lubna=لبنى; Sanaa|Sana=سناء;
  Houda|Huda|Hoda=هدى; Noura|Nora=نورة; Aya=آية; Nour|Noor=نور; Heba|Hiba=هبة; Mona|Muna=منى; Sara|Sarah=سارة;
  Yasmin|Yasmine=ياسمين; Rania=رانيا; Dina=دينا; Nada=ندى; Shaimaa|Shaima=شيماء; Asmaa|Asma=أسماء`;

export const populations: Population[] = [
  {
    code: 'NG', citizenship: 'NGA', weight: 20, secondGiven: 0.3, secondFamily: 0, phonePrefix: '234',
    commonFamilyShare: 0.45,
    tail: tail('Ok Ob Ad Og Eh Ig Om Os Ag Ek Nw Ez Ib Ol Ay Ak Uw Ud Ab Eb Ef Ed Am On Ir Iy Uz Ch Ih An', 'afor onkwo eze oye ogu eyemi unleye ale osa ibe ere uwa ayi aro ahon ogie ieke onye ike udu emena eka uchi ejiofor anya aigbe ede ola osun uja ebe'),
    male: parse(`Chukwuemeka|Chukwuemeka; Emeka; Oluwaseun|Oluwasegun; Tunde; Ibrahim; Musa; Chinedu; Uche; Obinna; Ifeanyi; Segun;
      Adebayo; Femi; Kelechi; Godwin; Samuel; Daniel; Emmanuel; Joseph; Sunday; Friday; Osagie; Eghosa; Osaro; Efosa; Nosa; Ikechukwu; Chidi; Yusuf; Abdullahi`),
    female: parse(`Blessing; Joy; Precious; Favour|Favor; Gift; Mercy; Faith; Esther; Chioma; Ngozi; Amaka; Adaeze; Funmilayo; Folake;
      Aisha; Fatima; Grace; Happiness; Princess; Osasu|Osas; Efe; Ese; Omoye; Itohan; Osarugue; Oghogho; Eki; Gladys; Success; Patience; Peace; Comfort`),
    family: parse(`Okafor; Okonkwo; Eze; Nwosu; Obi; Adeyemi; Ogunleye; Bello; Abubakar; Osagie; Igbinedion; Omoregie; Edosomwan;
      Osaro; Aigbe; Uwaifo; Okoro; Nwachukwu; Adeleke; Balogun; Ibekwe; Ehigiator; Obasuyi; Iyamu; Osayande; Ogbeide; Idahosa; Okoye; Umeh; Okeke;
      Nwankwo; Adebayo; Oyelaran; Ehimen; Eguavoen; Aghedo; Ekhator; Obaseki; Oronsaye; Usman`),
  },
  {
    code: 'RO', citizenship: 'ROU', weight: 10, secondGiven: 0.15, secondFamily: 0, phonePrefix: '40',
    commonFamilyShare: 0.55,
    tail: tail('Pop Ion Dum Stan Rad Mar Vas Nic Cost Mih Petr Lup Ciob Bal Dragom Neag Tan Cozm Flor Gheorgh Sav Bucur Crist Vlad Man Tudor Iord Chir Grig Ist Zaharia Oct Pal Roman', 'escu eanu aru an ache oiu ila ica ut ea oaia ovici eşteanu aşu'),
    male: parse(`Ion; Andrei; Alexandru; Mihai; Gheorghe; Vasile; Constantin; Florin; Adrian; Cristian; Marian; Ionuț|Ionut; Ștefan|Stefan; Nicolae; Daniel; Costel; Dumitru; Cătălin|Catalin; Bogdan; Sorin`),
    female: parse(`Maria; Elena; Ioana; Andreea; Ana; Mihaela; Florentina; Gabriela; Alexandra; Cristina; Nicoleta; Daniela; Loredana; Roxana; Simona; Georgiana; Alina; Ramona; Denisa; Bianca`),
    family: parse(`Popescu; Ionescu; Popa; Pop; Radu; Dumitru; Stan; Stoica; Gheorghe; Matei; Ciobanu; Rusu; Munteanu; Constantin; Moldovan; Lungu; Mocanu;
      Dinu; Stanciu; Ursu; Țăranu|Taranu; Mureșan|Muresan; Florea; Oprea; Nistor; Dobre; Barbu; Neagu; Tudor; Lazăr|Lazar; Sandu; Enache; Ene; Marin; Ilie; Vlad; Toma; Zamfir; Cojocaru; Șerban|Serban`),
  },
  {
    code: 'AL', citizenship: 'ALB', weight: 6, secondGiven: 0, secondFamily: 0, phonePrefix: '355',
    commonFamilyShare: 0.55,
    tail: tail('Hox Shehu Gjok Lek Prift Dervish Kol Mark Cel Muc Hys Breg Bash Ram Berish Kelm Krasn Gash Ded Llesh Xhaf Met Duk Kapl Sinan Zenel Mem Ndre Gjin Has Bal Cak Dod Gjon Lul Pep Tom Zef Vuk', 'aj i ja ollari aku lli ri iqi ani eni a aku ushi'),
    male: parse(`Arben; Artan; Besnik; Dritan; Ergys; Fatmir; Gent; Ilir; Klodian; Erion; Endrit; Altin; Mergim; Kujtim; Gjergj; Agron; Bujar; Redon; Elton; Alban`),
    female: parse(`Ardita; Blerta; Elira; Enkeleda; Fjorela; Jonida; Klaudia; Mirela; Anjeza; Valbona; Rezarta; Arjola; Xhesika|Jessica; Dorina; Eriselda; Migena; Ledia; Anisa; Etleva; Brunilda`),
    family: parse(`Hoxha|Hodja; Shehu; Gjoka; Leka; Prifti; Dervishi; Kola; Marku; Çela|Cela; Muça|Muca; Hysa; Bregu; Basha; Rama; Berisha; Kelmendi; Krasniqi; Gashi; Dedaj; Lleshi;
      Xhafa; Meta; Duka; Kapllani; Sinani; Zeneli; Mema; Ndreu; Gjini; Hasani`),
  },
  {
    code: 'MA', citizenship: 'MAR', weight: 8, secondGiven: 0.05, secondFamily: 0, phonePrefix: '212',
    commonFamilyShare: 0.6,
    tail: tail('Ben Bou El_ Ait_ Al_ Ould_', 'amri idrissi alaoui fassi tazi mansouri kettani jabri zerouali lahlou chraibi naciri haddad sabri khalfi rachidi hamdaoui karimi saadi najjar tahiri yousfi harrak bakkali ouardi skalli guennoun berrada doukkali slaoui'),
    male: parse(ARABIC_MALE),
    female: parse(ARABIC_FEMALE),
    family: parse(`El Amrani|Amrani=العمراني; Benali|Ben Ali=بن علي; El Idrissi|Idrissi=الإدريسي; Alaoui|El Alaoui=العلوي; Bennani=بناني;
      Tazi=التازي; Berrada=برادة; Ouazzani=الوزاني; Chakir|Shakir=شاكر; Haddad=حداد; El Fassi|Fassi=الفاسي; Bouzid=بوزيد;
      Ziani=الزياني; Mansouri|El Mansouri=المنصوري; Saidi|Essaidi=السعيدي; Benjelloun=بنجلون; Lahlou=لحلو; Zerouali=الزروالي;
      Boukhari|Bukhari=البخاري; Belkadi=بلقاضي; Chraibi=الشرايبي; Filali=الفيلالي; Jabri|El Jabri=الجابري; Kettani=الكتاني; Naciri|Nasiri=الناصري`),
  },
  {
    code: 'EG', citizenship: 'EGY', weight: 6, secondGiven: 0, secondFamily: 0.5, patronymic: true, phonePrefix: '20',
    commonFamilyShare: 0.7,
    tail: tail('Abdel_ El_ Abu_ Al_', 'rahman aziz hamid fattah sayed masry shafei naggar gohary hadidi sharkawy banna attar khatib sherbiny demerdash tantawy menshawy'),
    male: parse(ARABIC_MALE),
    female: parse(ARABIC_FEMALE),
    family: parse(`Abdelrahman|Abdel Rahman|Abdul Rahman=عبد الرحمن; Abdelaziz|Abdul Aziz=عبد العزيز; Salem|Salim=سالم; Fathy|Fathi=فتحي;
      Ramadan=رمضان; Farouk|Faruq=فاروق; Shawky|Shawqi=شوقي; Soliman|Suleiman|Sulayman=سليمان; Mansour|Mansur=منصور;
      Nasser|Nasir=ناصر; Saad=سعد; Zaki=زكي; El Sayed|Elsayed=السيد; Ibrahim=إبراهيم; Mahmoud|Mahmud=محمود; Hassan|Hasan=حسن`),
  },
  {
    code: 'UA', citizenship: 'UKR', weight: 6, secondGiven: 0, secondFamily: 0, phonePrefix: '380',
    commonFamilyShare: 0.55,
    tail: tail('Shev Koval Bond Tkach Krav Meln Boyk Oliyn Polish Savch Rud Moroz Lys March Petr Kuzm Pavl Harch Zinch Lev Karp Hnat Holub Vovk Sydor Zhuk Kost Vasyl Yarem Bil Hryts Dan Ostap Semen Fed Tymosh Yur Kyr Nazar', 'enko chuk uk yuk ets ych ak iv ovych ko skyi nyk ar'),
    male: parse(`Oleksandr|Aleksandr|Alexander|Oleksander=Олександр; Andrii|Andriy|Andrey|Andrei=Андрій; Serhii|Serhiy|Sergey|Sergii=Сергій;
      Volodymyr|Vladimir=Володимир; Dmytro|Dmitry|Dmitri=Дмитро; Mykola|Nikolai|Nikolay=Микола; Ivan=Іван; Yurii|Yuriy|Yuri|Iurii=Юрій;
      Oleh|Oleg=Олег; Vasyl|Vasily|Vasiliy=Василь; Taras=Тарас; Bohdan|Bogdan=Богдан; Mykhailo|Mikhail|Mykhaylo=Михайло; Petro|Pyotr|Petr=Петро; Viktor|Victor=Віктор`),
    female: parse(`Olena|Elena|Yelena|Jelena|Alena=Олена; Olha|Olga=Ольга; Nataliia|Natalia|Natalya|Nataliya=Наталія; Iryna|Irina=Ірина;
      Tetiana|Tatiana|Tetyana|Tatyana=Тетяна; Svitlana|Svetlana=Світлана; Yuliia|Yulia|Julia|Iuliia=Юлія; Oksana=Оксана;
      Kateryna|Ekaterina|Yekaterina|Katerina=Катерина; Anastasiia|Anastasia|Anastasiya=Анастасія; Mariia|Maria|Mariya=Марія;
      Halyna|Galina|Halina=Галина; Liudmyla|Lyudmila|Ludmila=Людмила; Viktoriia|Viktoria|Victoria=Вікторія; Hanna|Anna|Ganna=Ганна`),
    family: parse(`Shevchenko=Шевченко; Kovalenko=Коваленко; Bondarenko=Бондаренко; Tkachenko=Ткаченко; Kravchenko=Кравченко;
      Melnyk|Melnik=Мельник; Boiko|Boyko=Бойко; Kovalchuk=Ковальчук; Oliinyk|Oleynik|Oliynyk=Олійник; Shevchuk=Шевчук;
      Polishchuk|Polischuk=Поліщук; Tkachuk=Ткачук; Savchenko=Савченко; Rudenko=Руденко; Moroz=Мороз; Lysenko|Lisenko=Лисенко;
      Marchenko=Марченко; Petrenko=Петренко; Kuzmenko=Кузьменко; Pavlenko=Павленко; Kharchenko|Harchenko=Харченко; Hrytsenko|Gritsenko=Гриценко;
      Zinchenko=Зінченко; Levchenko=Левченко; Karpenko=Карпенко`),
  },
  {
    code: 'CN', citizenship: 'CHN', weight: 6, secondGiven: 0, secondFamily: 0, phonePrefix: '86',
    commonFamilyShare: 0.97,
    tail: tail('Wang', '-'),
    male: parse(`Wei=伟; Qiang=强; Lei=磊; Jun=军; Yang=洋; Yong=勇; Jie=杰; Tao=涛; Ming=明; Chao=超; Gang=刚; Ping=平; Hui=辉;
      Jianhua|Jian Hua|Chien-hua=建华; Zhiqiang|Zhi Qiang=志强; Jianguo|Jian Guo=建国; Haitao|Hai Tao=海涛; Haoran|Hao Ran=浩然; Yuxuan|Yu Xuan=宇轩; Junjie|Jun Jie=俊杰`),
    female: parse(`Fang=芳; Na=娜; Min=敏; Jing=静; Li=丽; Yan=艳; Juan=娟; Xia=霞; Xiuying|Xiu Ying|Hsiu-ying=秀英; Guiying|Gui Ying=桂英;
      Lihua|Li Hua=丽华; Yulan|Yu Lan=玉兰; Ting=婷; Xue=雪; Hui=慧; Xiaoyan|Xiao Yan|Hsiao-yen=晓燕; Meiling|Mei Ling=美玲; Xinyi|Xin Yi=欣怡; Zihan|Zi Han=梓涵; Yuting|Yu Ting=雨婷`),
    family: parse(`Wang|Wong=王; Li|Lee=李; Zhang|Chang|Cheung=张; Liu|Lau=刘; Chen|Chan=陈; Yang|Yeung=杨; Huang|Hwang=黄; Zhao|Chao=赵;
      Wu|Woo=吴; Zhou|Chou=周; Xu|Hsu=徐; Sun=孙; Ma=马; Zhu|Chu=朱; Hu=胡; Guo|Kuo=郭; He|Ho=何; Lin|Lam=林; Gao|Kao=高; Luo|Lo=罗;
      Zheng|Cheng=郑; Ye|Yip=叶; Pan|Poon=潘; Jiang|Chiang=蒋; Xie|Hsieh=谢`),
  },
  {
    code: 'ER', citizenship: 'ERI', weight: 5, secondGiven: 0, secondFamily: 0.3, patronymic: true, phonePrefix: '291',
    commonFamilyShare: 0.75,
    tail: tail('Gebre Ghebre Tesfa Habte Wolde Kidane Berhane Haile Tekle Zere Fitsum Mehari Mebrahtu Asmerom', 'mariam michael yesus medhin selassie giorgis kidan tatios hiwet libsu'),
    male: parse(`Tesfaye|Tesfay=ተስፋዬ; Yohannes|Yohanes|Johannes=ዮሐንስ; Mikael|Michael|Mikiel=ሚካኤል; Dawit|David=ዳዊት; Samuel=ሳሙኤል;
      Daniel=ዳንኤል; Berhane|Birhane=ብርሃነ; Tesfamariam=ተስፋማርያም; Kibrom=ክብሮም; Filmon|Filimon=ፊልሞን; Abel=አቤል; Henok=ሄኖክ;
      Yonas=ዮናስ; Habtom=ሃብቶም; Mulugeta=ሙሉጌታ; Getachew=ጌታቸው; Solomon|Selemon=ሰለሞን; Amanuel|Emmanuel=አማኑኤል; Haile=ሃይለ; Girmay|Girmai=ግርማይ`),
    female: parse(`Selam|Salam=ሰላም; Senait|Senayt=ሰናይት; Helen=ሄለን; Saba=ሳባ; Freweyni|Freweini=ፍረወይኒ; Luwam=ሉዋም; Hiwet|Hiwot=ሕይወት;
      Mebrat=መብራት; Tsega=ፀጋ; Almaz=አልማዝ; Meron=ሜሮን; Winta=ዊንታ; Ruth|Rut=ሩት; Tigist=ትግስት; Betelhem|Bethlehem=ቤተልሔም;
      Yordanos=ዮርዳኖስ; Abeba=አበባ; Hanna|Hana=ሐና; Semhar=ሰምሃር; Ariam=ኣርያም`),
    family: parse(`Tesfay=ተስፋይ; Gebremedhin|Ghebremedhin=ገብረመድህን; Gebreyesus|Ghebreyesus=ገብረየሱስ; Kidane=ኪዳነ; Tekle=ተክለ;
      Berhe=በርሀ; Asfaha=አስፋሃ; Woldemichael|Weldemichael=ወልደሚካኤል; Gebre|Ghebre=ገብረ; Mehari=መሓሪ; Tsegay|Tsegai=ፀጋይ;
      Negash=ነጋሽ; Abraha=ኣብርሃ; Tewelde=ተወልደ; Yemane=የማነ; Girma=ግርማ; Bekele=በቀለ; Alemu=ዓለሙ; Haile=ሃይለ; Tesfamichael=ተስፋሚካኤል`),
  },
  {
    code: 'BD', citizenship: 'BGD', weight: 7, secondGiven: 0.2, secondFamily: 0, phonePrefix: '880',
    commonFamilyShare: 0.75,
    tail: tail('Hoss Rahm Islam Ahm Udd Alam Khan Mia Chowdh Sark Das Roy Sheikh Moll Taluk Bhuiy Haq Kabir Karim Mahm Sik Bisw Paul Dey Ghosh Mand Paik Hald', 'ain an ury er dar ul uddin i a'),
    male: parse(`Mohammad|Muhammad|Md; Abdul; Rahim|Rahin; Karim; Hossain|Hussain|Hosen; Alamgir; Shahid|Shahed; Jahangir; Rafiq|Rafique; Sohel|Sohail;
      Rubel; Shakil; Imran; Arif; Hasan|Hassan; Kamal; Jamal; Mizanur; Habibur; Mamun; Saiful; Rashed|Rashid`),
    female: parse(`Nasrin; Sultana; Akter|Akhter|Aktar; Begum; Taslima; Shirin; Rokeya; Fatema|Fatima; Nusrat; Sharmin; Jannat; Mousumi|Moushumi; Shapla; Rupa; Farzana; Rehana`),
    family: parse(`Hossain|Hussain|Hosen; Rahman; Islam; Ahmed; Akter|Akhter; Begum; Uddin; Alam; Khan; Miah|Mia; Chowdhury|Choudhury|Chowdhuri; Sarker|Sarkar; Das; Roy; Sheikh|Shaikh; Mollah|Molla; Talukder|Talukdar; Bhuiyan|Bhuiya`),
  },
  {
    code: 'PK', citizenship: 'PAK', weight: 7, secondGiven: 0.1, secondFamily: 0, phonePrefix: '92',
    commonFamilyShare: 0.7,
    tail: tail('Khan Ahm Ali Huss Malik Butt Sheikh Chaudh Qures Raz Iqb Mirz Abbas Siddiq Jav Akht Asl Naw Gill Bajw Cheem Dogar Gondal Janj Kayani Niaz Rana Sial Tarar Virk Warr', 'ain i ry shi a al ed er ani zai'),
    male: parse(`Muhammad|Mohammad|Muhammed=محمد; Ali=علی; Ahmed|Ahmad=احمد; Usman|Osman|Uthman=عثمان; Bilal=بلال; Imran=عمران; Asif=آصف;
      Tariq|Tarik=طارق; Zeeshan|Zishan=ذیشان; Faisal|Faysal=فیصل; Kashif=کاشف; Naveed|Navid=نوید; Adnan=عدنان; Waqas=وقاص; Hamza=حمزہ`),
    female: parse(`Ayesha|Aisha=عائشہ; Fatima=فاطمہ; Sana=ثنا; Amna|Amina=آمنہ; Hira=حرا; Saima=صائمہ; Rabia=رابعہ; Nazia=نازیہ; Sadia=سعدیہ; Bushra=بشریٰ; Iqra=اقرا; Mehwish=مہوش`),
    family: parse(`Khan=خان; Ahmed=احمد; Ali=علی; Hussain|Hussein|Husain=حسین; Malik=ملک; Butt|Bhatt=بٹ; Sheikh|Shaikh=شیخ; Chaudhry|Chaudhary|Choudhry=چوہدری;
      Qureshi|Qureshy=قریشی; Raza=رضا; Iqbal|Ikbal=اقبال; Mirza=مرزا; Abbasi=عباسی; Siddiqui|Siddiqi=صدیقی; Javed|Javaid=جاوید; Akhtar|Akhter=اختر; Aslam=اسلم; Nawaz=نواز`),
  },
  {
    code: 'IT', citizenship: 'ITA', weight: 4, secondGiven: 0.05, secondFamily: 0, phonePrefix: '39',
    commonFamilyShare: 0.35,
    tail: tail('Ross Bianc Ferr Espos Roman Colomb Ricc Marin Grec Brun Gall Cont Manc Cost Giord Rizz Lomb Moret Barb Font Sant Rinal Caru Mart Leon Vital Serr Pellegr Fabbr Gentil Caput Cattan Orland Pac Long Sorrent Pagan Bellin Marches De Ang Ferrant Guerr Morell Palumb', 'i o a ini etti elli one ucci ato ese ano ieri otti'),
    male: parse(`Marco; Giuseppe; Giovanni; Francesco; Antonio; Alessandro; Andrea; Luca; Matteo; Lorenzo; Davide; Stefano; Paolo; Salvatore; Roberto; Vincenzo; Simone; Fabio`),
    female: parse(`Giulia; Francesca; Sara; Chiara; Martina; Valentina; Alessia; Elisa; Federica; Maria; Anna; Laura; Silvia; Paola; Elena; Giorgia; Sofia; Rosa`),
    family: parse(`Rossi; Russo; Ferrari; Esposito; Bianchi; Romano; Colombo; Ricci; Marino; Greco; Bruno; Gallo; Conti; De Luca; Mancini; Costa; Giordano; Rizzo; Lombardi; Moretti;
      Barbieri; Fontana; Santoro; Mariani; Rinaldi; Caruso; Ferrara; Galli; Martini; Leone`),
  },
  {
    code: 'BR', citizenship: 'BRA', weight: 5, secondGiven: 0.3, secondFamily: 0.4, phonePrefix: '55',
    commonFamilyShare: 0.7,
    tail: tail('Gonçal Mart Rodr Fern Alv Marqu Nun Lop Tavar Pinh Carr Mor Figu Azev Barr Cabr Medeir Quint Teixeir Rib Camp Cardos Borg Montei Cunh Faria Reis Morae Guimar', 'es ez eira ado ino ero ales ães inho a o'),
    male: parse(`João|Joao; José|Jose; Antônio|Antonio; Francisco; Carlos; Paulo; Pedro; Lucas; Luiz|Luis; Marcos; Gabriel; Rafael; Felipe|Filipe; Thiago|Tiago; Bruno; Matheus|Mateus; Gustavo; Leandro`),
    female: parse(`Maria; Ana; Francisca; Antônia|Antonia; Adriana; Juliana; Márcia|Marcia; Fernanda; Patrícia|Patricia; Aline; Camila; Amanda; Bruna; Letícia|Leticia; Jéssica|Jessica; Thaís|Tais; Vitória|Vitoria; Larissa`),
    family: parse(`Silva; Santos; Oliveira; Souza|Sousa; Rodrigues; Ferreira; Alves; Pereira; Lima; Gomes; Costa; Ribeiro; Martins; Carvalho; Almeida; Lopes; Soares; Fernandes; Vieira; Barbosa;
      Rocha; Dias; Nascimento; Andrade; Moreira; Nunes; Marques; Machado; Mendes; Freitas`),
  },
  {
    code: 'CO', citizenship: 'COL', weight: 4, secondGiven: 0.4, secondFamily: 0.8, phonePrefix: '57',
    commonFamilyShare: 0.7,
    tail: tail('Gonz Rodr Mart Hern Sanch Ram Per Diaz Mun Roj Moren Jim Varg Castr Gutierr Ort Torr Ruiz Suar Card Rios Mej Salaz Vel Zap Orteg Herr Baut Arang Osor Cifuent Ocamp Quint Palac Restrep Zuluag', 'ez es a o ado ino ero ales illo on ida era'),
    male: parse(`Juan; Andrés|Andres; Carlos; Luis; Jorge; Diego; Santiago; Sebastián|Sebastian; Alejandro; Camilo; Julián|Julian; Felipe; Jhon|John; Édgar|Edgar; Óscar|Oscar; Jairo; Wilson; Fabián|Fabian`),
    female: parse(`María|Maria; Luz; Diana; Paola; Carolina; Andrea; Natalia; Laura; Daniela; Valentina; Angélica|Angelica; Yeimy|Yeimi; Leidy|Leidi|Lady; Marcela; Claudia; Yuliana|Juliana; Sandra; Paula`),
    family: parse(`Rodríguez|Rodriguez; Gómez|Gomez; González|Gonzalez; Martínez|Martinez; García|Garcia; López|Lopez; Hernández|Hernandez; Sánchez|Sanchez; Ramírez|Ramirez;
      Pérez|Perez; Díaz|Diaz; Muñoz|Munoz; Rojas; Moreno; Jiménez|Jimenez; Vargas; Castro; Gutiérrez|Gutierrez; Ortiz; Torres; Ruiz; Suárez|Suarez; Cárdenas|Cardenas; Ríos|Rios; Mejía|Mejia`),
  },
];
