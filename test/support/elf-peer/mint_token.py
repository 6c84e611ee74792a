"""Mints a chat token with PyJWT exactly as ELF's JWTHandler.create_token does: the claims given as
JSON in argv[1] (iat and exp as offsets in seconds from now), signed HS256 with JWT_SECRET_KEY."""

import json
import os
import sys
from datetime import datetime, timedelta

import jwt

claims = json.loads(sys.argv[1])
now = datetime.utcnow()
for key in ("iat", "exp"):
    if key in claims:
        claims[key] = now + timedelta(seconds=claims[key])
print(jwt.encode(claims, os.environ["JWT_SECRET_KEY"], algorithm="HS256"))
