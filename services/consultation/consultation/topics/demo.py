"""Sample topics of the open MX-5PA consultation, so a newcomer can propose and vote at once.

Loaded once: a process that already has topics is left alone (the loader is idempotent).
"""

from datetime import date

from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.processes.models import Process
from consultation.responses.tally import announce
from consultation.topics.models import Topic
from consultation.topics.schemas import TopicFields
from consultation.topics.service import new_topic, store_topic
from consultation.votes.service import cast_vote
from kit.tokens import Principal

# (title, problem, affected, solution, area, state, SDG tags)
SAMPLES = [
    (
        "Obras de agua potable sin información por localidad",
        "No se sabe cuánto se invierte en agua potable en cada localidad rural ni cuándo terminan las obras.",  # noqa: E501
        "Comunidades rurales de la sierra",
        "Publicar en datos abiertos cada obra de agua con monto, avance y fecha de entrega.",
        "fiscal_openness",
        "20",
        ["6.1"],
    ),
    (
        "Compras públicas de medicamentos poco claras",
        "Los hospitales reportan desabasto pero no se publica qué se compró, a quién y a qué precio.",  # noqa: E501
        "Pacientes del sistema público de salud",
        "Publicar las compras de medicamentos en el estándar de contrataciones abiertas.",
        "anti_corruption",
        "09",
        ["3.8", "16.5"],
    ),
    (
        "Personas desaparecidas: registros incompletos",
        "Las familias no encuentran información actualizada sobre búsquedas ni fosas registradas.",
        "Familias de personas desaparecidas",
        "Un registro público, actualizado y con datos por entidad sobre búsquedas y hallazgos.",
        "justice",
        "28",
        ["16.1"],
    ),
    (
        "Permisos de extracción de agua sin vigilancia",
        "Las concesiones de agua para industria se otorgan sin que la comunidad conozca volúmenes ni vigencias.",  # noqa: E501
        "Pueblos de zonas con estrés hídrico",
        "Publicar concesiones, volúmenes y mediciones reales por cuenca.",
        "environment_climate",
        "19",
        ["6.4", "6.b"],
    ),
    (
        "Violencia contra periodistas sin seguimiento",
        "Las agresiones a periodistas quedan impunes y no hay datos públicos del mecanismo de protección.",  # noqa: E501
        "Periodistas y personas defensoras",
        "Informes trimestrales del mecanismo con casos, medidas y resultados.",
        "media_freedom",
        "12",
        ["16.10"],
    ),
    (
        "Trámites en línea que no funcionan en el celular",
        "Muchos trámites federales solo funcionan en computadora y con conexiones rápidas.",
        "Personas que se conectan por celular",
        "Rediseñar los trámites más usados para celulares y conexiones lentas.",
        "digital_governance",
        "07",
        ["9.c"],
    ),
    (
        "Presupuesto para refugios de mujeres",
        "Los refugios para mujeres víctimas de violencia no saben a tiempo cuánto recibirán.",
        "Mujeres víctimas de violencia",
        "Calendario público y oportuno de los recursos para refugios.",
        "gender_inclusion",
        "15",
        ["5.2"],
    ),
    (
        "Consultas indígenas sin información previa",
        "Las consultas a pueblos indígenas sobre proyectos se hacen sin información completa y en español.",  # noqa: E501
        "Pueblos y comunidades indígenas",
        "Información previa en lenguas indígenas y plazos suficientes para deliberar.",
        "civic_participation",
        "20",
        ["16.7"],
    ),
    (
        "Solicitudes de información sin respuesta en municipios",
        "Los municipios pequeños no responden solicitudes de información o responden tarde.",
        "Habitantes de municipios pequeños",
        "Acompañamiento y plataforma común para que los municipios respondan a tiempo.",
        "access_to_information",
        "30",
        ["16.10"],
    ),
    (
        "Registro de organizaciones civiles complicado",
        "Registrar una organización civil y recibir donativos exige trámites largos y costosos.",
        "Organizaciones de la sociedad civil",
        "Simplificar el registro y publicar criterios claros para donatarias.",
        "civic_space",
        "14",
        ["17.17"],
    ),
    (
        "Subsidios al campo sin padrón público",
        "No se sabe quién recibe los apoyos al campo ni si llegan a pequeños productores.",
        "Pequeños productores agrícolas",
        "Padrón único de beneficiarios con montos, actualizado cada mes.",
        "fiscal_openness",
        "32",
        ["2.3"],
    ),
    (
        "Contratos de obra carretera con sobrecostos",
        "Las carreteras se entregan tarde y cuestan más de lo contratado sin explicación.",
        "Usuarios de carreteras y contribuyentes",
        "Publicar modificaciones de contratos y sus razones en cuanto se firman.",
        "anti_corruption",
        "26",
        ["9.1", "16.5"],
    ),
    (
        "Calidad del aire sin datos en tiempo real",
        "Varias ciudades no publican mediciones de calidad del aire o lo hacen con meses de retraso.",  # noqa: E501
        "Habitantes de zonas urbanas",
        "Datos abiertos en tiempo real de todas las estaciones de monitoreo.",
        "environment_climate",
        "19",
        ["11.6"],
    ),
    (
        "Sentencias judiciales que no se publican",
        "Las sentencias de tribunales locales no se publican o se publican sin versión pública.",
        "Personas usuarias de la justicia",
        "Publicar versiones públicas de todas las sentencias en formato abierto.",
        "justice",
        "09",
        ["16.3"],
    ),
    (
        "Publicidad oficial repartida sin criterios",
        "El gasto en publicidad oficial se reparte sin reglas conocidas entre medios.",
        "Medios de comunicación y audiencias",
        "Reglas públicas y padrón de gasto de publicidad oficial por medio.",
        "media_freedom",
        "09",
        ["16.10"],
    ),
    (
        "Becas escolares que llegan tarde",
        "Las familias no saben cuándo se pagarán las becas ni por qué se suspenden.",
        "Estudiantes y sus familias",
        "Consulta pública del estado de cada beca y calendario de pagos.",
        "fiscal_openness",
        "21",
        ["4.1"],
    ),
    (
        "Datos de violencia de género no desagregados",
        "Las cifras de violencia contra mujeres no se desagregan por municipio ni por edad.",
        "Mujeres y niñas",
        "Publicar datos desagregados por municipio, edad y tipo de violencia.",
        "gender_inclusion",
        "11",
        ["5.2", "16.1"],
    ),
    (
        "Accesibilidad de portales de gobierno",
        "Muchos portales no pueden usarse con lector de pantalla.",
        "Personas con discapacidad visual",
        "Cumplir WCAG 2.1 AA en los portales federales y medirlo cada año.",
        "digital_governance",
        "09",
        ["10.2"],
    ),
    (
        "Presupuestos participativos sin seguimiento",
        "Los proyectos votados en presupuestos participativos no informan su avance.",
        "Vecinas y vecinos de colonias",
        "Tablero público del avance de cada proyecto votado.",
        "civic_participation",
        "09",
        ["11.3"],
    ),
    (
        "Fideicomisos públicos opacos",
        "Los fideicomisos manejan recursos públicos sin informar saldos ni destino.",
        "Contribuyentes",
        "Informe trimestral de saldos y gastos de cada fideicomiso.",
        "fiscal_openness",
        "09",
        ["16.6"],
    ),
    (
        "Protección a personas defensoras ambientales",
        "Las personas que defienden el territorio sufren amenazas sin protección efectiva.",
        "Personas defensoras ambientales",
        "Protocolo público de protección con participación de las comunidades.",
        "civic_space",
        "12",
        ["16.10"],
    ),
    (
        "Información sobre programas sociales en lenguas indígenas",
        "Las reglas de los programas sociales solo están en español.",
        "Hablantes de lenguas indígenas",
        "Traducir reglas y convocatorias a las lenguas más habladas en cada región.",
        "access_to_information",
        "31",
        ["10.2"],
    ),
    (
        "Inspecciones laborales sin resultados públicos",
        "No se publican los resultados de las inspecciones a centros de trabajo.",
        "Personas trabajadoras",
        "Publicar inspecciones, sanciones y seguimiento por empresa.",
        "anti_corruption",
        "05",
        ["8.8"],
    ),
    (
        "Minería y daños a la salud sin reportar",
        "Las comunidades cercanas a minas no reciben información sobre riesgos a su salud.",
        "Comunidades cercanas a minas",
        "Monitoreo independiente y público de agua y suelo cerca de las minas.",
        "environment_climate",
        "25",
        ["3.9"],
    ),
    (
        "Defensorías públicas saturadas",
        "Las personas sin recursos esperan meses para tener un defensor público.",
        "Personas sin recursos en procesos penales",
        "Publicar cargas de trabajo y tiempos de atención de las defensorías.",
        "justice",
        "08",
        ["16.3"],
    ),
    (
        "Mecanismos de participación juvenil",
        "Las personas jóvenes no tienen espacios reales para incidir en políticas públicas.",
        "Juventudes",
        "Consejos juveniles con presupuesto y respuestas obligatorias.",
        "civic_participation",
        "22",
        ["16.7"],
    ),
    (
        "Gasto en seguridad pública sin evaluación",
        "No se evalúa si el gasto en seguridad reduce la violencia.",
        "Habitantes de municipios violentos",
        "Evaluaciones públicas e independientes del gasto en seguridad.",
        "fiscal_openness",
        "16",
        ["16.1"],
    ),
    (
        "Brecha digital en comunidades rurales",
        "Las comunidades rurales no tienen internet para hacer trámites ni estudiar.",
        "Comunidades rurales",
        "Mapa público de cobertura y plan de conectividad con metas por municipio.",
        "digital_governance",
        "20",
        ["9.c"],
    ),
    (
        "Beneficiarios finales de empresas contratistas",
        "No se sabe quiénes son los dueños reales de las empresas que contratan con el gobierno.",
        "Contribuyentes",
        "Registro público de beneficiarios finales de contratistas.",
        "anti_corruption",
        "09",
        ["16.5"],
    ),
    (
        "Protestas pacíficas y uso de la fuerza",
        "No hay reglas públicas claras para el uso de la fuerza en manifestaciones.",
        "Personas que se manifiestan",
        "Protocolo público y reportes de cada intervención policial en protestas.",
        "civic_space",
        "09",
        ["16.10"],
    ),
]
DEMO_AUTHORS = ("María G.", "José L.", "Guadalupe R.", "Juan H.", "Ana P.", None)


async def load_sample_topics(
    session: AsyncSession, actor: Principal, process: Process, today: date
) -> int:
    """Sample topics with a few votes each; nothing when the process already has topics."""
    existing = await session.execute(select(func.count()).where(Topic.process_id == process.id))
    if existing.scalar_one():
        return 0
    for n, (title, problem, affected, solution, area, state, sdg) in enumerate(SAMPLES):
        fields = TopicFields(
            title=title, problem=problem, affected=affected, solution=solution,
            area=area, state_code=state, sdg_tags=sdg,
        )  # fmt: skip
        name = DEMO_AUTHORS[n % len(DEMO_AUTHORS)]
        channel = "territorial" if name is None else "online"
        topic = new_topic(
            fields,
            process.id,
            channel=channel,
            author_name=name,
            author_key=f"demo-author-{n}" if name else None,
            captured_by="demo-loader" if name is None else None,
        )
        await store_topic(session, actor, topic)
        for voter in range((n * 7) % 23):
            await cast_vote(session, topic.id, f"demo-voter-{voter}", f"demo-{voter}", today)
    await announce(session, process.id)
    return len(SAMPLES)
