"""The router every module of this package adds its endpoints to."""

from ninja import Router

router = Router(tags=["依申请公开 info requests"])
