"""An ELF team server built the way ELF builds its own (elf-contract.md §2-3): FastAPI + uvicorn,
pydantic 1.x models with Optional fields (sent as null when unset), PyJWT decoding without an
audience. Written from the contract, for the integration tests; run with /usr/bin/python3.

Usage: peer.py --team <slug> (JWT_SECRET_KEY in the environment). Listens on an ephemeral port on
127.0.0.1 and prints one JSON line {"msg": "team server listening", "port": N} when ready.

What it says: a greeting; each message answered with a thinking status and a message frame; a
message containing "plan" makes it ready to delegate, and from then on every reply is followed by
a delegation_preview; "garbage" gets a frame that is not ELF's before its reply; a message whose
context carries a conversation_history is answered with how many earlier turns it was given.
GET /test/confirmations lists the confirmations it received, GET /test/sessions its chat sessions
(each message with its context, and whether end_session came), for the tests to look at.
"""

import argparse
import json
import os
import socket
import sys
import uuid
from datetime import datetime
from typing import Any, Dict, List, Optional

import jwt
import uvicorn
from fastapi import Body, FastAPI, HTTPException, WebSocket, WebSocketDisconnect
from pydantic import BaseModel, Field


class DelegationRequirement(BaseModel):
    description: str
    source_message_id: Optional[str] = None
    confidence: Optional[float] = None
    category: Optional[str] = None


class DelegationSpec(BaseModel):
    title: str
    description: str
    requirements: List[DelegationRequirement] = []
    priority: str = "normal"
    estimated_hours: Optional[float] = None
    deadline: Optional[datetime] = None
    source: str = "chat_interface"
    session_id: Optional[str] = None
    user_id: Optional[str] = None
    chat_summary: Optional[str] = None
    confidence_level: float = 0.5
    suggested_teams: List[str] = []
    required_skills: List[str] = []
    key_decisions: Dict[str, Any] = {}
    constraints: List[str] = []
    success_criteria: List[str] = []
    created_at: datetime = Field(default_factory=datetime.utcnow)
    updated_at: datetime = Field(default_factory=datetime.utcnow)


class TaskRequest(BaseModel):
    from_agent: str
    to_agent: str
    task_type: str
    task_description: str
    context: Dict[str, Any] = {}
    timeout: Optional[int] = 3600


parser = argparse.ArgumentParser()
parser.add_argument("--team", required=True)
args = parser.parse_args()
TEAM = args.team
SECRET = os.environ["JWT_SECRET_KEY"]

app = FastAPI()
sessions: Dict[str, Dict[str, Any]] = {}
confirmations: List[Dict[str, Any]] = []


def as_json(model: BaseModel) -> Dict[str, Any]:
    # pydantic's own JSON: unset Optional fields are null, datetimes naive ISO strings.
    return json.loads(model.json())


@app.get("/health")
async def health():
    return {
        "status": "healthy",
        "team_name": TEAM,
        "framework": "CrewAI",
        "department": "executive",
        "timestamp": datetime.utcnow().isoformat(),
        "agents": ["Chief Executive Officer"],
    }


@app.get("/capabilities")
async def capabilities():
    return {
        "team_name": TEAM,
        "department": "executive",
        "framework": "CrewAI",
        "purpose": "A peer built like ELF",
        "agents": [{"role": "Chief Executive Officer", "is_manager": True}],
        "capabilities": ["strategy"],
        "chat_enabled": True,
    }


@app.get("/status")
async def status():
    return {
        "status": "operational",
        "team_name": TEAM,
        "active_tasks": 0,
        "last_activity": datetime.utcnow().isoformat(),
        "agents_status": {"Chief Executive Officer": "ready"},
    }


@app.post("/task")
async def task(request: TaskRequest):
    return {
        "request_id": str(uuid.uuid4()),
        "from_agent": request.from_agent,
        "to_agent": request.to_agent,
        "status": "completed",
        "result": f"Done: {request.task_description}",
        "context": request.context,
    }


@app.post("/chat/delegation/confirm")
async def confirm_delegation(
    session_id: str, confirmed: bool, modifications: Optional[Dict[str, Any]] = Body(None)
):
    session = sessions.get(session_id)
    if session is None or session["preview"] is None:
        raise HTTPException(status_code=404, detail="Session or delegation not found")
    confirmations.append(
        {"session_id": session_id, "confirmed": confirmed, "modifications": modifications}
    )
    if not confirmed:
        return {"status": "delegation_cancelled"}
    spec = session["preview"].copy(update=modifications or {})
    return {"status": "delegation_confirmed", "task_id": str(uuid.uuid4()), "delegation": as_json(spec)}


@app.get("/test/confirmations")
async def list_confirmations():
    return confirmations


@app.get("/test/sessions")
async def list_sessions():
    return [
        {"session_id": key, "ended": value["ended"], "received": value["received"]}
        for key, value in sessions.items()
    ]


@app.websocket("/chat")
async def chat(websocket: WebSocket):
    token = websocket.query_params.get("token")
    try:
        claims = jwt.decode(token or "", SECRET, algorithms=["HS256"])
        if claims.get("type") != "websocket_auth":
            raise jwt.InvalidTokenError("Invalid token type")
    except jwt.PyJWTError as error:
        await websocket.close(code=1008, reason=str(error))
        return
    if claims.get("team_id") != TEAM:
        await websocket.close(code=1008, reason="Invalid team access")
        return
    await websocket.accept()
    session_id = str(uuid.uuid4())
    session = {
        "user_id": claims.get("user_id"),
        "messages": 0,
        "tokens": 0,
        "preview": None,
        "received": [],
        "ended": False,
    }
    sessions[session_id] = session
    await websocket.send_json(
        {
            "type": "greeting",
            "session_id": session_id,
            "message": f"Hello! I'm the Chief Executive Officer of {TEAM}.",
            "manager": "Chief Executive Officer",
            "team": TEAM,
        }
    )
    try:
        while True:
            data = await websocket.receive_json()
            if data.get("type") == "end_session":
                session["ended"] = True
                await websocket.send_json(
                    {
                        "type": "session_ended",
                        "summary": {
                            "session_id": session_id,
                            "duration_seconds": 1.5,
                            "total_messages": session["messages"],
                            "total_tokens": session["tokens"],
                            "delegation_created": False,
                            "end_reason": "user_ended",
                        },
                    }
                )
                break
            text = data.get("message", "")
            context = data.get("context") or {}
            session["received"].append({"message": text, "context": context})
            history = context.get("conversation_history") or []
            await websocket.send_json({"type": "status", "status": "thinking"})
            if "garbage" in text:
                # Not ELF's: the reply that follows is.
                await websocket.send_json({"type": "message", "content": None, "oops": True})
            session["messages"] += 2
            session["tokens"] += 14.0
            if "plan" in text and session["preview"] is None:
                session["preview"] = DelegationSpec(
                    title="Spring launch campaign",
                    description=f"From the chat: {text}",
                    requirements=[DelegationRequirement(description="A landing page")],
                    priority="high",
                )
            await websocket.send_json(
                {
                    "type": "message",
                    "content": f"Noted: {text}"
                    + (f" (given {len(history)} earlier turns)" if history else ""),
                    "thinking_time": 0.25,
                    "ready_to_delegate": session["preview"] is not None,
                    "metadata": {
                        "message_count": float(session["messages"]),
                        "total_tokens": session["tokens"],
                    },
                }
            )
            if session["preview"] is not None:
                await websocket.send_json(
                    {
                        "type": "delegation_preview",
                        "delegation": as_json(session["preview"]),
                        "requires_confirmation": True,
                    }
                )
    except WebSocketDisconnect:
        pass


def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    print(json.dumps({"msg": "team server listening", "port": port}), flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
