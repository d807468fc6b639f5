"""The three bodies' public text in other languages, as staff would give it in the settings.

"How to take part" is safety text (the state's main languages read it); the purpose is in
Spanish, like every other text staff write. Staff may correct any of it on the settings page.
"""

TASK_FORCE_HOW = {
    "es": "Las reuniones están abiertas al público. Publicamos aquí los órdenes del día y los "
    "documentos de cada reunión en cuanto están disponibles.",
    "vi": "Các cuộc họp mở cửa cho công chúng. Chương trình nghị sự và tài liệu cuộc họp được "
    "đăng tại đây ngay khi có.",
    "ru": "Заседания открыты для всех. Повестки и материалы заседаний публикуются здесь, как "
    "только они готовы.",
    "uk": "Засідання відкриті для всіх. Порядок денний і матеріали засідань публікуються тут, "
    "щойно вони готові.",
    "zh-Hans": "会议向公众开放。会议议程和会议文件一经备好，即在此发布。",
    "ko": "회의는 누구나 참석할 수 있습니다. 회의 안건과 회의 자료는 준비되는 대로 이곳에 게시됩니다.",
    "so": "Shirarku waa u furan yihiin dadweynaha. Ajandayaasha iyo dukumentiyada shirka halkan "
    "ayaa lagu soo dhigaa isla marka ay diyaar noqdaan.",
    "tl": "Bukas sa publiko ang mga pulong. Ipinapaskil dito ang mga agenda at dokumento ng "
    "pulong sa sandaling handa na ang mga ito.",
}

WASHACT_HOW = {
    "es": "Las reuniones de los miembros son solo con invitación. Cada trimestre hay sesiones "
    "informativas, gratuitas y abiertas al público, sobre cómo trabajan juntos los proveedores "
    "de servicios, las fuerzas del orden, los profesionales y los grupos de apoyo.",
    "vi": "Các cuộc họp thành viên chỉ dành cho người được mời. Mỗi quý có các buổi thông tin "
    "miễn phí, mở cửa cho công chúng, về cách các nhà cung cấp dịch vụ, cơ quan thực thi pháp "
    "luật, người hành nghề và các nhóm vận động cùng làm việc với nhau.",
    "ru": "Заседания участников проводятся только по приглашению. Раз в квартал проходят "
    "бесплатные открытые информационные встречи о том, как вместе работают поставщики услуг, "
    "правоохранительные органы, специалисты и правозащитные группы.",
    "uk": "Засідання учасників відбуваються лише за запрошенням. Щокварталу проходять "
    "безкоштовні відкриті інформаційні зустрічі про те, як разом працюють надавачі послуг, "
    "правоохоронні органи, фахівці та правозахисні групи.",
    "zh-Hans": "成员会议仅限受邀者参加。每季度举办免费、向公众开放的信息说明会，介绍服务提供者、"
    "执法部门、从业人员和倡导团体如何合作。",
    "ko": "회원 회의는 초대받은 사람만 참석할 수 있습니다. 서비스 제공 기관, 법 집행 기관, 실무자, "
    "옹호 단체가 어떻게 협력하는지 알려 주는 무료 공개 설명회가 분기마다 열립니다.",
    "so": "Shirarka xubnaha waxaa lagu soo galaa casuumaad oo keliya. Saddexdii biloodba mar "
    "waxaa jira kulamo macluumaad oo bilaash ah oo dadweynaha u furan, kuwaas oo ku saabsan "
    "sida ay u wada shaqeeyaan bixiyeyaasha adeegga, ciidamada sharci fulinta, xirfadlayaasha "
    "iyo kooxaha u doodista.",
    "tl": "Para lamang sa mga inimbitahan ang mga pulong ng mga miyembro. Tuwing ikatlong buwan, "
    "may libre at bukas sa publiko na sesyon ng impormasyon tungkol sa kung paano nagtutulungan "
    "ang mga tagapagbigay ng serbisyo, tagapagpatupad ng batas, mga propesyonal at mga grupong "
    "nagtataguyod.",
}

CSEC_HOW = {
    "es": "El público puede asistir a las reuniones como observador.",
    "vi": "Công chúng được hoan nghênh đến dự và quan sát các cuộc họp.",
    "ru": "Все желающие могут присутствовать на заседаниях в качестве наблюдателей.",
    "uk": "Усі охочі можуть бути присутніми на засіданнях як спостерігачі.",
    "zh-Hans": "欢迎公众旁听会议。",
    "ko": "일반인도 회의를 참관할 수 있습니다.",
    "so": "Dadweynaha waa lagu soo dhaweynayaa inay shirarka daawadaan.",
    "tl": "Malugod na tinatanggap ang publiko na magmasid sa mga pulong.",
}

PURPOSES_ES = {
    "task-force": "Mide y evalúa las necesidades de recursos de las víctimas y sobrevivientes y "
    "los avances del estado en la prevención; identifica los programas federales, estatales y "
    "locales que atienden a las víctimas; recomienda un sistema coordinado de apoyo; y revisa la "
    "respuesta legal del estado, con recomendaciones de legislación.",
    "washact": "Un grupo de trabajo multidisciplinario creado en 2006 para que las víctimas de "
    "la trata reciban todos los recursos a su alcance, y para que los tratantes sean "
    "identificados, investigados y procesados con todo el peso de la ley. Sus miembros se reúnen "
    "cada trimestre para compartir información y recursos, cubrir las carencias en los servicios "
    "a las víctimas y coordinar investigaciones y procesos judiciales.",
    "csec-committee": "Estudia las prácticas locales y regionales y los datos sobre niños, "
    "niñas y adolescentes explotados sexualmente con fines comerciales, y recomienda leyes y "
    "prácticas estatales para proteger mejor a los jóvenes explotados. Presenta un informe a la "
    "Legislatura cada año.",
}

HOW_TO_TAKE_PART = {
    "task-force": TASK_FORCE_HOW,
    "washact": WASHACT_HOW,
    "csec-committee": CSEC_HOW,
}


def translations_of(slug: str) -> dict[str, dict[str, str]]:
    """A body's `translations`, in the shape `core.translated.Translated` keeps them."""
    translations: dict[str, dict[str, str]] = {}
    for code, text in HOW_TO_TAKE_PART.get(slug, {}).items():
        translations.setdefault(code, {})["how_to_take_part"] = text
    if slug in PURPOSES_ES:
        translations.setdefault("es", {})["purpose"] = PURPOSES_ES[slug]
    return translations
