"""The audit log's vocabulary (standard library only): the actions an entry records, with their Chinese
labels. The audit service (gridapp.services.audit) writes them; the audit log dialog filters by them."""

from __future__ import annotations

ACTIONS = {
    "login": "登录", "login_failed": "登录失败", "logout": "退出", "view": "查看", "reveal": "显示完整信息",
    "create": "新增", "edit": "修改", "delete": "删除", "export": "导出", "import": "导入", "print": "打印",
    "approve": "审核", "backup": "备份", "restore": "恢复", "user": "用户管理",
}
