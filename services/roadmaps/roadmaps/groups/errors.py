from kit.errors import Conflict, Forbidden, NotFound, Unprocessable


class NotAGroupMember(Forbidden):
    code = "not_a_group_member"
    message = (
        "Solo las personas integrantes del grupo de trabajo de este compromiso pueden hacerlo."
    )


class MemberNotFound(NotFound):
    code = "member_not_found"
    message = "Esa persona no integra el grupo de trabajo."


class MemberAlreadyAdded(Conflict):
    code = "member_already_added"
    message = "Esa persona ya integra el grupo de trabajo."


class GroupRoleSectorMismatch(Unprocessable):
    code = "group_role_sector_mismatch"
    message = "El papel en el grupo no corresponde al sector de la persona."
