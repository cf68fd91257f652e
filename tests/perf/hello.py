"""The bare FastAPI baseline the benchmarks report beside their own figures."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/hello")
async def hello() -> dict[str, str]:
    return {"hello": "world"}
